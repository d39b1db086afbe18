import { LIMITS, type VisitorTyping } from '@livechat/protocol';

/** At most one typing frame per interval while typing; `isTyping: false` after this much quiet. */
export const TYPING_INTERVAL_MS = 1000;
export const TYPING_IDLE_MS = 3000;

/**
 * Turns keystrokes into `typing` frames: the first at once, then at most one per TYPING_INTERVAL_MS
 * carrying the latest preview (a trailing one, so agents see the final text), and one
 * `isTyping: false` when the visitor stops, clears the box or sends.
 */
export function createTypingSender(send: (frame: VisitorTyping) => boolean, now: () => number = Date.now) {
  let typing = false;
  let lastSent = -Infinity;
  let latest = '';
  let trailing: ReturnType<typeof setTimeout> | undefined;
  let idle: ReturnType<typeof setTimeout> | undefined;

  const sendNow = (): void => {
    clearTimeout(trailing);
    trailing = undefined;
    lastSent = now();
    typing = send({ type: 'typing', isTyping: true, preview: latest.slice(0, LIMITS.typingPreview) });
  };
  const stop = (): void => {
    clearTimeout(trailing);
    clearTimeout(idle);
    trailing = undefined;
    if (typing) send({ type: 'typing', isTyping: false });
    typing = false;
    lastSent = -Infinity;
  };

  return {
    input(text: string): void {
      if (!text.trim()) return stop();
      latest = text;
      clearTimeout(idle);
      idle = setTimeout(stop, TYPING_IDLE_MS);
      const wait = lastSent + TYPING_INTERVAL_MS - now();
      if (wait <= 0) sendNow();
      else trailing ??= setTimeout(sendNow, wait);
    },
    stop,
  };
}
