import { HEARTBEAT_MS } from '@livechat/protocol';
import type { SocketSession } from './socket-session.js';

/**
 * The heartbeat pings each socket once per HEARTBEAT_MS, in this many slices spread over the
 * interval (one every 100 ms): pinging 10,000 sockets in one event-loop turn stalled every message
 * in flight behind 10,000 socket writes (~40 µs each, measured), which showed as latency p99; in
 * 250 slices a turn pings 40 of them.
 */
const HEARTBEAT_SLICES = 250;

/**
 * The open sockets of this process: the heartbeat walks them, and shutdown tells each to reconnect.
 */
export class SocketRegistry {
  private readonly sessions = new Set<SocketSession>();
  private timer: NodeJS.Timeout | null = null;
  /** The sockets open when the current heartbeat round began; slice `tick` of them is pinged next. */
  private round: SocketSession[] = [];
  private tick = 0;

  constructor(private readonly counted: (kind: string, delta: number) => void = () => undefined) {}

  add(session: SocketSession): void {
    this.sessions.add(session);
    this.counted(session.kind, 1);
    this.timer ??= setInterval(() => this.beat(), HEARTBEAT_MS / HEARTBEAT_SLICES).unref();
  }

  delete(session: SocketSession): void {
    if (this.sessions.delete(session)) this.counted(session.kind, -1);
  }

  get size(): number {
    return this.sessions.size;
  }

  forEach(fn: (s: SocketSession) => void): void {
    for (const s of this.sessions) fn(s);
  }

  /**
   * A socket that did not answer the previous ping is dead (a sleeping laptop, a lost network).
   * A round lasts HEARTBEAT_MS whatever the number of sockets, so every socket has a whole interval
   * to answer; it takes the sockets open at its start (one that opened later waits for the next).
   */
  private beat(): void {
    if (this.tick === 0) this.round = [...this.sessions];
    const size = Math.ceil(this.round.length / HEARTBEAT_SLICES);
    const end = Math.min(this.round.length, (this.tick + 1) * size);
    for (let i = this.tick * size; i < end; i++) {
      const s = this.round[i];
      // Closed since the round began: its socket can no longer be pinged.
      if (s && this.sessions.has(s)) s.heartbeat();
    }
    this.tick = (this.tick + 1) % HEARTBEAT_SLICES;
    if (this.tick === 0) this.round = [];
  }

  resyncAll(reason: string): void {
    for (const s of this.sessions) s.send({ type: 'resync', reason });
  }

  /** SIGTERM: every client is told to come back (to another process, or this one restarted) with jitter. */
  drain(withinMs: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.round = [];
    this.tick = 0;
    for (const s of this.sessions) s.goAway('server restarting', withinMs);
  }
}
