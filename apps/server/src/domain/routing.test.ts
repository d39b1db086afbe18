import type { ConversationSummary, ConversationUpdated } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ AGENT_GRACE_SECONDS: '0' });
});
afterAll(async () => {
  await t.stop();
});

async function department(routing: 'ROUND_ROBIN' | 'LEAST_BUSY') {
  const d = await t.app.db.prisma.department.create({
    data: { name: `Routing ${routing} ${cid()}`, routing },
  });
  await t.app.db.prisma.site.update({ where: { id: t.site.id }, data: { defaultDepartmentId: d.id } });
  t.app.siteDepartments.invalidate();
  return d;
}

/** A visitor starts a chat and waits for its assignment to reach the visitor. */
async function chatAssigned(): Promise<ConversationSummary> {
  const visitor = await t.visitor();
  visitor.send({ type: 'message.send', clientMsgId: cid(), text: 'Need help' });
  const state = await visitor.next(
    (f) => f.type === 'conversation.state' && f.conversation.status === 'ACTIVE',
  );
  const id = state.type === 'conversation.state' ? state.conversation.id : '';
  const summary = await t.app.store.summary(id);
  if (!summary) throw new Error('no summary');
  await visitor.close();
  return summary;
}

describe('automatic routing', () => {
  it('round robin gives chats to online members in turn, within capacity', async () => {
    const d = await department('ROUND_ROBIN');
    const alice = await t.createAgent('Alice RR', { departmentId: d.id, maxChats: 1 });
    const bob = await t.createAgent('Bob RR', { departmentId: d.id, maxChats: 5 });
    const offline = await t.createAgent('Offline RR', { departmentId: d.id });
    const sockets = [await t.agentSocket(alice.cookie), await t.agentSocket(bob.cookie)];

    const first = await chatAssigned();
    const second = await chatAssigned();
    expect(new Set([first.assignee?.id, second.assignee?.id])).toEqual(
      new Set([alice.agent.id, bob.agent.id]),
    );
    // Alice is full (maxChats 1), so the third goes to Bob, never to the offline agent.
    const third = await chatAssigned();
    expect(third.assignee?.id).toBe(bob.agent.id);
    const agents = await t.app.db.prisma.agent.findMany({
      where: { id: { in: [alice.agent.id, bob.agent.id, offline.agent.id] } },
    });
    expect(Object.fromEntries(agents.map((a) => [a.name, a.activeChats]))).toEqual({
      'Alice RR': 1,
      'Bob RR': 2,
      'Offline RR': 0,
    });
    for (const s of sockets) await s.close();
  });

  it('least busy picks the member holding the fewest chats', async () => {
    const d = await department('LEAST_BUSY');
    const busy = await t.createAgent('Busy LB', { departmentId: d.id });
    const idle = await t.createAgent('Idle LB', { departmentId: d.id });
    await t.app.db.prisma.agent.update({ where: { id: busy.agent.id }, data: { activeChats: 3 } });
    const sockets = [await t.agentSocket(busy.cookie), await t.agentSocket(idle.cookie)];
    expect((await chatAssigned()).assignee?.id).toBe(idle.agent.id);
    expect((await chatAssigned()).assignee?.id).toBe(idle.agent.id);
    for (const s of sockets) await s.close();
  });

  it('a queued chat is assigned when an agent comes online, and requeued when they are gone', async () => {
    const d = await department('ROUND_ROBIN');
    const carol = await t.createAgent('Carol', { departmentId: d.id });
    const watcher = await t.agentSocket(await t.login());
    const visitor = await t.visitor();
    visitor.send({ type: 'message.send', clientMsgId: cid(), text: 'Anyone?' });
    const ack = await visitor.next((f) => f.type === 'ack');
    const id = ack.type === 'ack' ? ack.conversationId : '';
    expect((await t.app.store.get(id))?.status).toBe('QUEUED');

    const socket = await t.agentSocket(carol.cookie);
    await visitor.next((f) => f.type === 'conversation.state' && f.conversation.status === 'ACTIVE');
    expect((await t.app.store.get(id))?.assigneeId).toBe(carol.agent.id);

    // Carol leaves; with AGENT_GRACE_SECONDS=0 her chat goes back to the queue with a 'requeued' event.
    await socket.close();
    const requeued = await watcher.next<ConversationUpdated>(
      (f) =>
        // seq 1 the message, 2 'assigned', 3 'requeued' (an earlier QUEUED update came before the assignment).
        f.type === 'conversation.updated' && f.conversation.id === id && f.conversation.lastSeq === 3,
    );
    expect(requeued.conversation.status).toBe('QUEUED');
    expect(requeued.conversation.assignee).toBeNull();
    const events = await t.app.db.prisma.message.findMany({
      where: { conversationId: id, kind: 'EVENT' },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => e.eventCode)).toEqual(['assigned', 'requeued']);
    expect(
      (await t.app.db.prisma.agent.findUniqueOrThrow({ where: { id: carol.agent.id } })).activeChats,
    ).toBe(0);
    await visitor.close();
    await watcher.close();
  });

  /** `count` chats wait while the agents have no room; then they get room and one pass runs. */
  async function backlogHandedOut(
    routing: 'ROUND_ROBIN' | 'LEAST_BUSY',
    agents: Array<{ name: string; maxChats: number; activeChats?: number }>,
    count: number,
  ): Promise<Record<string, number>> {
    const d = await department(routing);
    const created: Array<Awaited<ReturnType<TestServer['createAgent']>>> = [];
    for (const a of agents) created.push(await t.createAgent(a.name, { departmentId: d.id, maxChats: 0 }));
    const sockets = await Promise.all(created.map((c) => t.agentSocket(c.cookie)));
    const visitors = await Promise.all(Array.from({ length: count }, () => t.visitor()));
    const ids = await Promise.all(
      visitors.map(async (v) => {
        v.send({ type: 'message.send', clientMsgId: cid(), text: 'Waiting' });
        const ack = await v.next((f) => f.type === 'ack');
        return ack.type === 'ack' ? ack.conversationId : '';
      }),
    );
    for (const id of ids) expect((await t.app.store.get(id))?.status).toBe('QUEUED');
    // All at once: a pass that the visitors' messages kicked may still be under way (PostgreSQL
    // answers asynchronously), and one that saw only the first agent's capacity handed it everything.
    await t.app.db.prisma.$transaction(
      agents.map((a, i) =>
        t.app.db.prisma.agent.update({
          where: { id: created[i]?.agent.id },
          data: { maxChats: a.maxChats, activeChats: a.activeChats ?? 0 },
        }),
      ),
    );
    await t.app.router.pass();
    const rows = await Promise.all(ids.map((id) => t.app.store.get(id)));
    expect(rows.every((r) => r?.status === 'ACTIVE')).toBe(true);
    for (const v of visitors) await v.close();
    for (const s of sockets) await s.close();
    return Object.fromEntries(
      created.map((c) => [c.agent.name, rows.filter((r) => r?.assigneeId === c.agent.id).length]),
    );
  }

  it('one round-robin pass hands a backlog out in turn, each agent within capacity', async () => {
    expect(
      await backlogHandedOut(
        'ROUND_ROBIN',
        [
          { name: 'Alice backlog', maxChats: 10 },
          { name: 'Bob backlog', maxChats: 10 },
        ],
        6,
      ),
    ).toEqual({ 'Alice backlog': 3, 'Bob backlog': 3 });
    expect(
      await backlogHandedOut(
        'ROUND_ROBIN',
        [
          { name: 'Full soon', maxChats: 1 },
          { name: 'Roomy', maxChats: 10 },
        ],
        5,
      ),
    ).toEqual({ 'Full soon': 1, Roomy: 4 });
  });

  it('one least-busy pass evens the agents out', async () => {
    expect(
      await backlogHandedOut(
        'LEAST_BUSY',
        [
          { name: 'Carol busy', maxChats: 10, activeChats: 2 },
          { name: 'Dan idle', maxChats: 10 },
        ],
        4,
      ),
    ).toEqual({ 'Carol busy': 1, 'Dan idle': 3 });
  });

  it('every chat of an agent gone with more chats than one requeue chunk goes back to the queue', async () => {
    const d = await department('ROUND_ROBIN');
    const dave = await t.createAgent('Dave many', { departmentId: d.id, maxChats: 60 });
    const socket = await t.agentSocket(dave.cookie);
    const visitors = await Promise.all(Array.from({ length: 55 }, () => t.visitor()));
    const ids = await Promise.all(
      visitors.map(async (v) => {
        v.send({ type: 'message.send', clientMsgId: cid(), text: 'Hello' });
        const state = await v.next(
          (f) => f.type === 'conversation.state' && f.conversation.status === 'ACTIVE',
        );
        return state.type === 'conversation.state' ? state.conversation.id : '';
      }),
    );
    expect(
      (await t.app.db.prisma.agent.findUniqueOrThrow({ where: { id: dave.agent.id } })).activeChats,
    ).toBe(55);
    // Dave leaves (AGENT_GRACE_SECONDS=0): all 55 are requeued, in two chunks.
    await socket.close();
    await Promise.all(
      visitors.map((v) =>
        v.next((f) => f.type === 'conversation.state' && f.conversation.status === 'QUEUED'),
      ),
    );
    const rows = await Promise.all(ids.map((id) => t.app.store.get(id)));
    expect(rows.filter((r) => r?.status === 'QUEUED' && r.assigneeId === null)).toHaveLength(55);
    expect(
      (await t.app.db.prisma.agent.findUniqueOrThrow({ where: { id: dave.agent.id } })).activeChats,
    ).toBe(0);
    for (const v of visitors) await v.close();
  });
});
