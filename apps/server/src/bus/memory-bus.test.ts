import { describe, expect, it } from 'vitest';
import type { BusEvent } from './bus.js';
import { MemoryBus } from './memory-bus.js';

const event = (seq: number): BusEvent => ({
  kind: 'read',
  conversationId: 'c1',
  reader: 'visitor',
  agentId: null,
  seq,
});

describe('MemoryBus', () => {
  it('delivers to one listener, then to two, and each unsubscribes only itself', async () => {
    const bus = new MemoryBus();
    const a: BusEvent[] = [];
    const b: BusEvent[] = [];
    const offA = await bus.subscribe('t', (e) => a.push(e));
    await bus.publish('t', event(1));
    const offB = await bus.subscribe('t', (e) => b.push(e));
    await bus.publish('t', event(2));
    offA();
    await bus.publish('t', event(3));
    offB();
    await bus.publish('t', event(4));
    expect(a.map((e) => (e.kind === 'read' ? e.seq : 0))).toEqual([1, 2]);
    expect(b.map((e) => (e.kind === 'read' ? e.seq : 0))).toEqual([2, 3]);
    expect(bus.topicCount).toBe(0);
  });

  it('keeps the other topics and a listener subscribed twice hears each event once', async () => {
    const bus = new MemoryBus();
    const got: string[] = [];
    const listener = (e: BusEvent) => got.push(e.kind === 'read' ? `r${e.seq}` : e.kind);
    const offT = await bus.subscribe('t', listener);
    await bus.subscribe('t', listener);
    const offU = await bus.subscribe('u', listener);
    await bus.publish('t', event(1));
    offU();
    await bus.publish('u', event(2));
    await bus.publish('t', event(3));
    expect(got).toEqual(['r1', 'r3']);
    expect(bus.topicCount).toBe(1);
    offT();
    expect(bus.topicCount).toBe(0);
  });
});
