/*
 * The optional chime for a new reply while the panel is closed or the tab hidden. Synthesised with
 * WebAudio (no audio file to download). Browsers allow sound only after a user gesture in this
 * frame; until then the context stays suspended and the chime is silently skipped.
 */
const KEY = 'livechat:sound';
let context: AudioContext | null = null;

export function loadSoundSetting(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}

export function saveSoundSetting(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // storage blocked: the setting lasts for this page
  }
}

export function chime(): void {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    const at = context.currentTime;
    const gain = context.createGain();
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.45);
    gain.connect(context.destination);
    for (const [freq, delay] of [
      [880, 0],
      [1320, 0.12],
    ] as const) {
      const osc = context.createOscillator();
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(at + delay);
      osc.stop(at + delay + 0.3);
    }
  } catch {
    // no WebAudio: no chime
  }
}
