/**
 * Blinks the tab title ("(2) New message" / the page's own title) while the tab is hidden and there
 * are unread messages, so a visitor who switched tabs notices the reply; restores it when they return.
 */
export function createTitleBlink(doc: Document): {
  set: (count: number, label: string) => void;
  title: () => string;
} {
  let timer: ReturnType<typeof setInterval> | undefined;
  let original: string | null = null;
  let count = 0;
  let label = '';

  const stop = (): void => {
    clearInterval(timer);
    timer = undefined;
    if (original !== null) doc.title = original;
    original = null;
  };
  const update = (): void => {
    if (!doc.hidden || count < 1) return stop();
    if (timer) return;
    original = doc.title;
    let on = false;
    const tick = (): void => {
      on = !on;
      doc.title = on ? label : (original ?? '');
    };
    tick();
    timer = setInterval(tick, 1000);
  };
  doc.addEventListener('visibilitychange', update);

  return {
    set(value, text) {
      count = value;
      label = text;
      update();
    },
    /** The page's title, not our blinking one. */
    title: () => original ?? doc.title,
  };
}
