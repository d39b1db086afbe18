import { LIMITS } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPostgresSchema, openDatabase, type OpenDatabase } from '../db/open-database.js';
import { SummaryCache } from '../domain/summary-cache.js';
import { freshDatabaseUrl } from '../test-support/database-url.js';
import { ConversationStore } from './conversation-store.js';
import { messageFor } from './rows.js';
import { fromSqlTimeOrNull } from './sql-time.js';

let url: string;
let db: OpenDatabase;
let store: ConversationStore;
let siteId: string;
let departmentId: string;
const agent = { id: '', name: 'Ann Store' };

beforeAll(async () => {
  url = freshDatabaseUrl();
  db = await openDatabase(url, { synchronous: 'NORMAL' });
  const department = await db.prisma.department.create({ data: { name: 'Support' } });
  departmentId = department.id;
  const site = await db.prisma.site.create({
    data: {
      key: 'store-test-site',
      name: 'Store test',
      identitySecret: 'secret',
      defaultDepartmentId: departmentId,
    },
  });
  siteId = site.id;
  const row = await db.prisma.agent.create({
    data: { email: 'ann.store@example.com', name: agent.name, passwordHash: 'x' },
  });
  agent.id = row.id;
  store = new ConversationStore(db.sql, { reopenMs: 3_600_000 });
});
afterAll(async () => {
  await store.tx.close();
  await db.close();
  if (db.provider === 'postgres') await dropPostgresSchema(url);
});

let counter = 0;
const nextId = () => `store_msg_${++counter}`;

async function newVisitor(): Promise<string> {
  return (await db.prisma.visitor.create({ data: { siteId } })).id;
}

function visitorSays(visitorId: string, text: string, clientMsgId = nextId()) {
  return store.sendVisitorMessage({ siteId, visitorId, visitorName: null, clientMsgId, text, departmentId });
}

function agentSays(conversationId: string, text: string, note: boolean) {
  return store.sendAgentMessage({ conversationId, agent, clientMsgId: nextId(), text, note });
}

/** A conversation of `count` visitor messages (seq 1..count), written in one go. */
async function conversationOf(count: number): Promise<string> {
  const visitorId = await newVisitor();
  const { conversation } = await visitorSays(visitorId, 'message 1');
  await Promise.all(Array.from({ length: count - 1 }, (_, i) => visitorSays(visitorId, `message ${i + 2}`)));
  return conversation.id;
}

describe('sequencing', () => {
  it('numbers every message and chains the visible ones past notes', async () => {
    const visitorId = await newVisitor();
    const { conversation, created } = await visitorSays(visitorId, 'hello'); // 1
    expect(created).toBe(true);
    const id = conversation.id;
    expect((await store.claim(id, agent)).events.map((e) => e.seq)).toEqual([2]);
    const sent = [
      await agentSays(id, 'note a', true), // 3
      await agentSays(id, 'reply', false), // 4
      await agentSays(id, 'note b', true), // 5
      await agentSays(id, 'note c', true), // 6
      await visitorSays(visitorId, 'thanks'), // 7
    ];
    expect(sent.map((r) => r.message.seq)).toEqual([3, 4, 5, 6, 7]);

    const forVisitor = await store.replay(id, 0, 'visitor');
    expect(forVisitor).toMatchObject({ reset: true, hasMore: false, latestSeq: 7 });
    expect(forVisitor.messages.map((m) => messageFor(m, 'visitor')).map((m) => [m.seq, m.prevSeq])).toEqual([
      [1, 0],
      [2, 1],
      [4, 2],
      [7, 4],
    ]);
    const forAgent = await store.replay(id, 0, 'agent');
    expect(forAgent.messages.map((m) => messageFor(m, 'agent')).map((m) => [m.seq, m.prevSeq])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 4],
      [6, 5],
      [7, 6],
    ]);

    await agentSays(id, 'note d', true); // 8: agents only
    expect(await store.replay(id, 7, 'visitor')).toMatchObject({ messages: [], latestSeq: 7, reset: false });
    expect((await store.replay(id, 7, 'agent')).messages.map((m) => m.seq)).toEqual([8]);
    expect(await store.get(id)).toMatchObject({ lastSeq: 8, lastVisibleSeq: 7 });
    const next = await visitorSays(visitorId, 'again'); // 9
    expect(messageFor(next.message, 'visitor').prevSeq).toBe(7);
  });

  it('stores a clientMsgId once even when both copies are in one batch', async () => {
    const visitorId = await newVisitor();
    const clientMsgId = nextId();
    const [a, b] = await Promise.all([
      visitorSays(visitorId, 'hi', clientMsgId),
      visitorSays(visitorId, 'hi', clientMsgId),
    ]);
    expect([a.duplicate, b.duplicate]).toEqual([false, true]);
    expect(b.message).toMatchObject({ id: a.message.id, seq: 1 });
    expect(b.conversation.id).toBe(a.conversation.id);
    expect((await store.get(a.conversation.id))?.lastSeq).toBe(1);
  });

  it('answers a retry of a message stored before a close as a duplicate, without reopening', async () => {
    const visitorId = await newVisitor();
    const clientMsgId = nextId();
    const first = await visitorSays(visitorId, 'before close', clientMsgId);
    await store.close(first.conversation.id, { by: 'system' }); // 2
    const retry = await visitorSays(visitorId, 'before close', clientMsgId);
    expect(retry).toMatchObject({ duplicate: true, message: { id: first.message.id, seq: 1 } });
    expect(await store.get(first.conversation.id)).toMatchObject({ status: 'CLOSED', lastSeq: 2 });

    const reopened = await visitorSays(visitorId, 'after close');
    expect(reopened.events.map((e) => [e.seq, e.event?.code])).toEqual([[3, 'reopened']]);
    expect(reopened.message.seq).toBe(4);
    expect(await store.get(first.conversation.id)).toMatchObject({ status: 'QUEUED', assigneeId: null });
  });
});

describe('replay', () => {
  const total = LIMITS.replayJump + 101;
  let id: string;
  beforeAll(async () => {
    id = await conversationOf(total);
  });

  it('from 0 gives the latest page with reset', async () => {
    const page = await store.replay(id, 0, 'agent');
    expect(page).toMatchObject({ reset: true, hasMore: false, latestSeq: total });
    expect(page.messages.map((m) => m.seq)).toEqual(range(total - LIMITS.replayPage + 1, total));
  });

  it('more than LIMITS.replayJump behind jumps to the latest page with reset', async () => {
    const page = await store.replay(id, total - LIMITS.replayJump - 1, 'agent');
    expect(page).toMatchObject({ reset: true, hasMore: false, latestSeq: total });
    expect(page.messages.map((m) => m.seq)).toEqual(range(total - LIMITS.replayPage + 1, total));
  });

  it('exactly LIMITS.replayJump behind pages forward without reset', async () => {
    const after = total - LIMITS.replayJump;
    const page = await store.replay(id, after, 'visitor');
    expect(page).toMatchObject({ reset: false, hasMore: true, latestSeq: total });
    expect(page.messages.map((m) => m.seq)).toEqual(range(after + 1, after + LIMITS.replayPage));
  });

  it('ends with hasMore false on the last page, full or not', async () => {
    const full = await store.replay(id, total - LIMITS.replayPage, 'agent');
    expect(full).toMatchObject({ reset: false, hasMore: false });
    expect(full.messages).toHaveLength(LIMITS.replayPage);
    const partial = await store.replay(id, total - 3, 'agent');
    expect(partial.messages.map((m) => m.seq)).toEqual([total - 2, total - 1, total]);
    expect(await store.replay(id, total, 'agent')).toMatchObject({
      messages: [],
      hasMore: false,
      reset: false,
    });
  });
});

describe('history', () => {
  it('pages backwards, oldest first, LIMITS.historyPage at a time; visitors never get notes', async () => {
    const visitorId = await newVisitor();
    const { conversation } = await visitorSays(visitorId, 'message 1');
    const id = conversation.id;
    // seq 2..120; every tenth is a note.
    await Promise.all(
      range(2, 120).map((seq) =>
        seq % 10 === 0 ? agentSays(id, `note ${seq}`, true) : visitorSays(visitorId, `m ${seq}`),
      ),
    );
    expect((await store.get(id))?.lastSeq).toBe(120);

    const pages = await Promise.all([121, 71, 21].map((before) => store.history(id, before, 'agent')));
    expect(
      pages.map((p) => [p.messages[0]?.seq, p.messages.at(-1)?.seq, p.messages.length, p.hasMore]),
    ).toEqual([
      [71, 120, 50, true],
      [21, 70, 50, true],
      [1, 20, 20, false],
    ]);
    expect(await store.history(id, 51, 'agent')).toMatchObject({ hasMore: false });
    expect((await store.history(id, 51, 'agent')).messages).toHaveLength(50);

    const visible = await store.history(id, 121, 'visitor');
    expect(visible.messages).toHaveLength(LIMITS.historyPage);
    expect(visible.hasMore).toBe(true);
    expect(visible.messages.some((m) => m.audience !== 'ALL')).toBe(false);
    expect(visible.messages.at(-1)?.seq).toBe(119);
    const seqs = visible.messages.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});

describe('read cursors', () => {
  it('only move forward, per participant, capped at the last seq', async () => {
    const id = await conversationOf(5);
    expect(await store.markRead(id, { visitor: true }, 3)).toBe(3);
    expect(await store.markRead(id, { visitor: true }, 2)).toBeNull();
    expect(await store.markRead(id, { visitor: true }, 3)).toBeNull();
    expect((await store.get(id))?.visitorReadSeq).toBe(3);
    expect(await store.markRead(id, { agentId: agent.id }, 1)).toBe(1);
    expect(await store.markRead(id, { visitor: true }, 99)).toBe(5);
    expect(await store.markRead(id, { visitor: true }, 4)).toBeNull();
    expect(await store.get(id)).toMatchObject({ visitorReadSeq: 5, agentReadSeq: 1 });
    const cursors = await db.prisma.readCursor.findMany({
      where: { conversationId: id },
      orderBy: { participant: 'asc' },
    });
    expect(cursors.map((c) => [c.participant, c.seq])).toEqual([
      [agent.id, 1],
      ['visitor', 5],
    ]);
  });
});

describe('what a message hands back', () => {
  it('is the conversation as stored, without reading it again', async () => {
    const visitorId = await newVisitor();
    const first = await visitorSays(visitorId, 'hello');
    const id = first.conversation.id;
    expect(first.conversation).toEqual(await store.get(id));
    const second = await visitorSays(visitorId, 'anyone?');
    expect(second.conversation).toEqual(await store.get(id));
    await store.claim(id, agent);
    // The first reply also sets the first response time, which the row must carry (as the same
    // instant: its text is the provider's, "+00:00" on SQLite and "Z" on PostgreSQL).
    const reply = await agentSays(id, 'hi there', false);
    const stored = await store.get(id);
    expect(reply.conversation.firstResponseAt).not.toBeNull();
    expect(fromSqlTimeOrNull(reply.conversation.firstResponseAt)).toBe(
      fromSqlTimeOrNull(stored?.firstResponseAt ?? null),
    );
    expect({ ...reply.conversation, firstResponseAt: null }).toEqual({ ...stored, firstResponseAt: null });
    const note = await agentSays(id, 'a note', true);
    expect(note.conversation).toEqual(await store.get(id));
  });

  it('makes, with names read before, the same summary a read would', async () => {
    const cache = new SummaryCache(60_000);
    const visitorId = await newVisitor();
    const { conversation } = await visitorSays(visitorId, 'hello');
    const id = conversation.id;
    const read = await store.summary(id);
    if (!read) throw new Error('no summary');
    cache.remember(read);
    const next = await visitorSays(visitorId, 'x'.repeat(300));
    expect(cache.after(next.conversation, next.message)).toEqual(await store.summary(id));
    // Claimed since the names were read: the assignee is not the one they were read for.
    await store.claim(id, agent);
    const reply = await agentSays(id, 'hi', false);
    expect(cache.after(reply.conversation, reply.message)).toBeNull();
    const claimed = await store.summary(id);
    if (!claimed) throw new Error('no summary');
    cache.remember(claimed);
    const note = await agentSays(id, 'internal', true);
    expect(cache.after(note.conversation, note.message)).toEqual(await store.summary(id));
    // Names older than the cache's lifetime are read again.
    expect(cache.after(note.conversation, note.message, Date.now() + 61_000)).toBeNull();
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
