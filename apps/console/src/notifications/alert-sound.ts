/**
 * Short tones made with WebAudio: nothing to download, and nothing plays before the first user
 * gesture (browsers block autoplay; the AudioContext is created on that gesture).
 */
let context: AudioContext | null = null;

export function unlockAudio(): void {
  if (context || typeof AudioContext === 'undefined') return;
  try {
    context = new AudioContext();
  } catch {
    context = null;
  }
}

/** A new chat: two rising notes. A new message: one soft note. */
const TONES = {
  newChat: [
    { frequency: 660, at: 0 },
    { frequency: 880, at: 0.14 },
  ],
  newMessage: [{ frequency: 740, at: 0 }],
} as const;

export function playTone(kind: keyof typeof TONES): void {
  if (!context) return;
  const ctx = context;
  if (ctx.state === 'suspended') void ctx.resume();
  for (const note of TONES[kind]) {
    const start = ctx.currentTime + note.at;
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = note.frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.18, start + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.22);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.25);
  }
}
