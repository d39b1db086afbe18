import { HEARTBEAT_MS } from '@livechat/protocol';
import type { SocketSession } from './socket-session.js';

/**
 * The open sockets of this process: the heartbeat walks them, and shutdown tells each to reconnect.
 */
export class SocketRegistry {
  private readonly sessions = new Set<SocketSession>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly counted: (kind: string, delta: number) => void = () => undefined) {}

  add(session: SocketSession): void {
    this.sessions.add(session);
    this.counted(session.kind, 1);
    this.timer ??= setInterval(() => this.beat(), HEARTBEAT_MS).unref();
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

  /** A socket that did not answer the previous ping is dead (a sleeping laptop, a lost network). */
  private beat(): void {
    for (const s of this.sessions) s.heartbeat();
  }

  resyncAll(reason: string): void {
    for (const s of this.sessions) s.send({ type: 'resync', reason });
  }

  /** SIGTERM: every client is told to come back (to another process, or this one restarted) with jitter. */
  drain(withinMs: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const s of this.sessions) s.goAway('server restarting', withinMs);
  }
}
