import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { busEnvelope, parseBusEnvelope } from './bus-event-schema.js';
import type { Bus, BusEvent, BusListener, Unsubscribe } from './bus.js';

/**
 * The Bus across processes: Redis pub/sub, each process subscribed only to the topics its own sockets
 * need. When the subscriber connection drops, events published meanwhile are lost to this process:
 * once it is back and resubscribed, `onLoss` listeners are told, and every socket replays (resync).
 */
export class RedisBus implements Bus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly listeners = new Map<string, Set<BusListener>>();
  /** SUBSCRIBE commands not yet confirmed, so a second subscriber to a topic waits for the first. */
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly lossListeners = new Set<(reason: string) => void>();
  private disconnected = false;
  /** Counters for /metrics and the benchmark: events received, and received for no local listener. */
  readonly stats = { received: 0, unwanted: 0, publishFailures: 0 };
  /** Told, for each event a local socket needed, how long it took from publish to here (seconds). */
  onLag: (seconds: number) => void = () => undefined;

  constructor(
    url: string,
    private readonly log: FastifyBaseLogger,
    /** REDIS_KEY_PREFIX: deployments sharing one Redis keep their channels apart. */
    private readonly prefix = 'livechat:',
  ) {
    const options = { maxRetriesPerRequest: 2, enableAutoPipelining: true, lazyConnect: false } as const;
    this.pub = new Redis(url, options);
    this.sub = new Redis(url, { ...options, autoResubscribe: false });
    this.pub.on('error', (err) => this.log.warn({ err: err.message }, 'redis publisher'));
    this.sub.on('error', (err) => this.log.warn({ err: err.message }, 'redis subscriber'));
    this.sub.on('close', () => {
      this.disconnected = true;
    });
    this.sub.on('ready', () => {
      if (!this.disconnected) return;
      this.disconnected = false;
      void this.recover();
    });
    this.sub.on('message', (channel: string, payload: string) => this.onMessage(channel, payload));
  }

  async subscribe(topic: string, listener: BusListener): Promise<Unsubscribe> {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
      this.pending.set(
        topic,
        this.sub.subscribe(this.prefix + topic).finally(() => this.pending.delete(topic)),
      );
    }
    set.add(listener);
    await this.pending.get(topic);
    return () => {
      const current = this.listeners.get(topic);
      if (!current) return;
      current.delete(listener);
      if (current.size > 0) return;
      this.listeners.delete(topic);
      this.sub
        .unsubscribe(this.prefix + topic)
        .catch((err: unknown) => this.log.warn({ err }, 'redis unsubscribe'));
    };
  }

  async publish(topic: string, event: BusEvent): Promise<void> {
    try {
      await this.pub.publish(this.prefix + topic, busEnvelope(event, Date.now()));
    } catch (err) {
      // The change is committed but some sockets may not hear of it: ours replay now; other
      // processes lost their own connection too if Redis is down, and replay when it is back.
      this.stats.publishFailures += 1;
      this.log.warn({ err }, 'redis publish failed');
      this.emitLoss('publish failed');
    }
  }

  onLoss(listener: (reason: string) => void): Unsubscribe {
    this.lossListeners.add(listener);
    return () => this.lossListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.pub.disconnect();
    this.sub.disconnect();
    await Promise.resolve();
  }

  /** Topics this process is subscribed to (tests and metrics). */
  get topicCount(): number {
    return this.listeners.size;
  }

  private async recover(): Promise<void> {
    try {
      const channels = [...this.listeners.keys()].map((t) => this.prefix + t);
      if (channels.length > 0) await this.sub.subscribe(...channels);
      this.emitLoss('bus reconnected');
    } catch (err) {
      this.log.warn({ err }, 'redis resubscribe failed');
    }
  }

  private emitLoss(reason: string): void {
    for (const listener of this.lossListeners) listener(reason);
  }

  private onMessage(channel: string, payload: string): void {
    this.stats.received += 1;
    const set = this.listeners.get(channel.slice(this.prefix.length));
    if (!set || set.size === 0) {
      this.stats.unwanted += 1;
      return;
    }
    const envelope = parseBusEnvelope(payload);
    if (!envelope) {
      this.log.warn({ channel }, 'unreadable bus event dropped');
      return;
    }
    if (envelope.at !== null) this.onLag(Math.max(0, Date.now() - envelope.at) / 1000);
    for (const listener of [...set]) listener(envelope.event);
  }
}
