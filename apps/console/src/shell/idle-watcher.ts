import { IDLE_AWAY_MS, usePresenceStore } from '../stores/presence-store';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
const CHECK_MS = 30_000;

/**
 * Away by itself after IDLE_AWAY_MS without input (the server is told with `presence.set`), online
 * again at the first input. A chosen "away" is left alone. Sleep counts as idle: the check compares
 * wall-clock time, so a laptop that slept an hour wakes up away, then online at the first touch.
 */
export function startIdleWatcher(now: () => number = Date.now): () => void {
  let lastInput = now();
  const onInput = () => {
    lastInput = now();
    usePresenceStore.getState().setIdle(false);
  };
  const check = () => {
    if (now() - lastInput >= IDLE_AWAY_MS) usePresenceStore.getState().setIdle(true);
  };
  for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onInput, { passive: true });
  const timer = setInterval(check, CHECK_MS);
  return () => {
    for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onInput);
    clearInterval(timer);
  };
}
