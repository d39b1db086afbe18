import type { Bus } from '../bus/bus.js';

/** A subscription the server asked for, held until the test lets it take effect and confirms it. */
export type PendingSubscription = {
  topic: string;
  /** The Bus starts delivering the topic's events to the new listener (resolves once it does). */
  activate(): Promise<void>;
  /** The server's `await subscribe(...)` returns. */
  confirm(): void;
};

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Puts the test in charge of when a subscription takes effect and when it is confirmed, as a remote
 * Bus (Redis) would decide: events published before it takes effect are not delivered; those
 * published after it but before the confirmation already reach the listener.
 *
 * The in-memory Bus subscribes and confirms within one turn, so nothing can commit between a
 * socket's subscribe and its replay, and DESIGN.md semantics 4 (subscribe, confirm, then replay while
 * holding live frames) would go untested: a socket that replayed first, or did not hold, would pass.
 */
export class SubscriptionGate {
  private match: ((topic: string) => boolean) | null = null;
  private readonly pending: PendingSubscription[] = [];
  private arrived = deferred();

  constructor(bus: Bus) {
    const subscribe = bus.subscribe.bind(bus);
    bus.subscribe = async (topic, listener) => {
      if (!this.match?.(topic)) return subscribe(topic, listener);
      const activated = deferred();
      const added = deferred();
      const confirmed = deferred();
      this.pending.push({
        topic,
        activate: async () => {
          activated.resolve();
          await added.promise;
        },
        confirm: () => confirmed.resolve(),
      });
      this.arrived.resolve();
      await activated.promise;
      const unsubscribe = await subscribe(topic, listener);
      added.resolve();
      await confirmed.promise;
      return unsubscribe;
    };
  }

  /** From now on, subscriptions to matching topics wait for the test. */
  hold(match: (topic: string) => boolean): void {
    this.match = match;
  }

  /** New subscriptions pass straight through again (those already held still wait). */
  release(): void {
    this.match = null;
  }

  /** The next held subscription, in the order the server asked for them. */
  async next(timeoutMs = 5000): Promise<PendingSubscription> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const first = this.pending.shift();
      if (first) return first;
      this.arrived = deferred();
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for the server to subscribe');
      await Promise.race([this.arrived.promise, new Promise((r) => setTimeout(r, left))]);
    }
  }
}
