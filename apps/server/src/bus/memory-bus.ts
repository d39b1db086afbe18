import type { Bus, BusEvent, BusListener, Unsubscribe } from './bus.js';

/** The Bus of a single process: topics are sets of listeners; nothing can be lost in between. */
export class MemoryBus implements Bus {
  private readonly topics = new Map<string, Set<BusListener>>();

  subscribe(topic: string, listener: BusListener): Promise<Unsubscribe> {
    let set = this.topics.get(topic);
    if (!set) {
      set = new Set();
      this.topics.set(topic, set);
    }
    set.add(listener);
    return Promise.resolve(() => {
      const current = this.topics.get(topic);
      current?.delete(listener);
      if (current?.size === 0) this.topics.delete(topic);
    });
  }

  publish(topic: string, event: BusEvent): Promise<void> {
    const set = this.topics.get(topic);
    if (set) for (const listener of [...set]) listener(event);
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
