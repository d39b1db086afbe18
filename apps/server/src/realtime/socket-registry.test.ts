import { HEARTBEAT_MS } from '@livechat/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SocketRegistry } from './socket-registry.js';
import type { SocketSession } from './socket-session.js';

/** Only what the registry calls; the heartbeat itself is SocketSession's (tested through real sockets). */
function fakeSession(pings: Map<number, number>, id: number): SocketSession {
  const fake = {
    kind: 'visitor',
    heartbeat: () => pings.set(id, (pings.get(id) ?? 0) + 1),
  };
  return fake as unknown as SocketSession;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SocketRegistry heartbeat', () => {
  it('pings every socket once per interval, a slice at a time rather than all in one turn', () => {
    const registry = new SocketRegistry();
    const pings = new Map<number, number>();
    for (let i = 0; i < 1000; i++) registry.add(fakeSession(pings, i));
    let largestTick = 0;
    for (let t = 0; t < HEARTBEAT_MS; t += 100) {
      const before = [...pings.values()].reduce((a, b) => a + b, 0);
      vi.advanceTimersByTime(100);
      const after = [...pings.values()].reduce((a, b) => a + b, 0);
      largestTick = Math.max(largestTick, after - before);
    }
    expect(pings.size).toBe(1000);
    expect([...pings.values()].every((n) => n === 1)).toBe(true);
    expect(largestTick).toBeLessThanOrEqual(10);
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect([...pings.values()].every((n) => n === 2)).toBe(true);
  });

  it('gives a few sockets a whole interval between pings, and skips closed ones', () => {
    const registry = new SocketRegistry();
    const pings = new Map<number, number>();
    const sessions = [0, 1, 2].map((i) => fakeSession(pings, i));
    for (const s of sessions) registry.add(s);
    vi.advanceTimersByTime(HEARTBEAT_MS - 1);
    expect([...pings.values()]).toEqual([1, 1, 1]);
    const closed = sessions[1];
    if (closed) registry.delete(closed);
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(pings.get(0)).toBe(2);
    expect(pings.get(1)).toBe(1);
    expect(pings.get(2)).toBe(2);
  });
});
