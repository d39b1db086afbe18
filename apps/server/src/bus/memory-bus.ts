import type { Bus, BusEvent, BusListener, Unsubscribe } from './bus.js';

/**
 * The Bus of a single process: topics are sets of listeners; nothing can be lost in between.
 * Most topics have one listener (a visitor's topic, with one tab open): that listener is kept
 * alone, without a Set, which at 10,000 idle visitors is ~190 bytes each (idle_conn_kb).
 */
export class MemoryBus implements Bus {
  private readonly topics = new Map<string, BusListener | Set<BusListener>>();

  subscribe(topic: string, listener: BusListener): Promise<Unsubscribe> {
    const current = this.topics.get(topic);
    if (current === undefined) this.topics.set(topic, listener);
    else if (current instanceof Set) current.add(listener);
    else if (current !== listener) this.topics.set(topic, new Set([current, listener]));
    return Promise.resolve(() => this.remove(topic, listener));
  }

  private remove(topic: string, listener: BusListener): void {
    const current = this.topics.get(topic);
    if (current === listener) this.topics.delete(topic);
    else if (current instanceof Set) {
      current.delete(listener);
      if (current.size === 0) this.topics.delete(topic);
    }
  }

  publish(topic: string, event: BusEvent): Promise<void> {
    const current = this.topics.get(topic);
    if (current instanceof Set) for (const listener of [...current]) listener(event);
    else if (current) current(event);
    return Promise.resolve();
  }

  onLoss(): Unsubscribe {
    return () => undefined;
  }

  /** Topics with at least one listener (for tests and metrics). */
  get topicCount(): number {
    return this.topics.size;
  }

  close(): Promise<void> {
    this.topics.clear();
    return Promise.resolve();
  }
}
