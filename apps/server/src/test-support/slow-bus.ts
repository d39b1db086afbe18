import type { Bus } from '../bus/bus.js';

/**
 * Makes the Bus confirm each subscription only after `ms`, as Redis does after a round trip, while
 * events published meanwhile already reach the new listener.
 *
 * The in-memory Bus confirms within the same turn, so nothing can commit between a socket's
 * subscribe and its replay and the holding logic of DESIGN.md semantics 4 is never exercised; with
 * this delay, messages committed in that window reach the socket both live and in the replay, and
 * only holding and de-duplicating them keeps the stream exactly-once.
 */
export function delaySubscribeConfirmations(bus: Bus, ms: number): () => void {
  const original = bus.subscribe.bind(bus);
  bus.subscribe = async (topic, listener) => {
    const unsubscribe = await original(topic, listener);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return unsubscribe;
  };
  return () => {
    bus.subscribe = original;
  };
}
