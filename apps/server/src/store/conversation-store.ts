import {
  LIMITS,
  type Audience,
  type AuthorKind,
  type ConversationSummary,
  type ConversationView,
  type EventCode,
  type MessageKind,
} from '@livechat/protocol';
import { DomainError } from '../domain/domain-error.js';
import { newId } from './ids.js';
import {
  ConversationRow,
  previewOf,
  storedMessage,
  CountRow,
  CountsRow,
  WaitRow,
  SUMMARY_SELECT,
  summaryFromRow,
  type StoredMessage,
} from './rows.js';
import { fromSqlTime, toSqlTime } from './sql-time.js';
import type { SqlArg, SqlDatabase, SqlTransaction } from './sql.js';
import { TxQueue } from './tx-queue.js';
import { VisitorConversations } from './visitor-conversation.js';

export type AgentRef = { id: string; name: string };

export type SendResult = {
  message: StoredMessage;
  /** Lifecycle events this send caused before the message (a reopen), in seq order. */
  events: StoredMessage[];
  conversation: ConversationRow;
  /** The clientMsgId was stored already: `message` is the stored one and nothing changed. */
  duplicate: boolean;
  /** A new conversation was started by this message. */
  created: boolean;
};

export type LifecycleResult = {
  conversation: ConversationRow;
  events: StoredMessage[];
  previousAssigneeId: string | null;
};

/** A write job's transaction: it also hears of each message the job sequences (`insertMessage`). */
export interface StoreTx extends SqlTransaction {
  wrote(message: StoredMessage): void;
}

export type ReplayPage = { messages: StoredMessage[]; hasMore: boolean; reset: boolean; latestSeq: number };

/** A visitor's text message, as the chat frame and the offline form both store it. */
export function visitorText(input: {
  visitorId: string;
  visitorName: string | null;
  text: string;
  clientMsgId: string;
}): NewMessage {
  return {
    audience: 'ALL',
    authorKind: 'VISITOR',
    authorId: input.visitorId,
    authorName: input.visitorName,
    kind: 'TEXT',
    text: input.text,
    clientMsgId: input.clientMsgId,
  };
}

export type NewMessage = {
  audience: Audience;
  authorKind: AuthorKind;
  authorId: string | null;
  authorName: string | null;
  kind: MessageKind;
  text: string;
  event?: { code: EventCode; params: Record<string, string> };
  clientMsgId: string | null;
};

/**
 * The conversation store on SQLite: sequencing, idempotency, claiming and the lifecycle, as raw SQL
 * on the connection Prisma uses. Writes go through the TxQueue (one transaction per event-loop turn);
 * reads are synchronous and need no lock (WAL readers never block).
 */
/** The store's SQL, in the dialect both providers run (sql.ts). */
const Q = {
  byId: `SELECT ${ConversationRow.columns} FROM "Conversation" WHERE id = ?`,
  latestOf: `SELECT ${ConversationRow.columns} FROM "Conversation" WHERE siteId = ? AND visitorId = ? ORDER BY (status != 'CLOSED') DESC, createdAt DESC LIMIT 1`,
  messageByClientId: 'SELECT * FROM "Message" WHERE conversationId = ? AND clientMsgId = ?',
  bumpSeq: `UPDATE "Conversation" SET lastSeq = ?, lastVisibleSeq = ?, lastMessageAt = ?, lastMessageText = ?,
        lastMessageAuthorKind = ?, lastMessageKind = ? WHERE id = ?`,
  firstResponse: 'UPDATE "Conversation" SET firstResponseAt = ? WHERE id = ? AND firstResponseAt IS NULL',
  insertMessage: `INSERT INTO "Message" (id, conversationId, seq, prevVisibleSeq, audience, authorKind, authorId,
        authorName, kind, body, searchText, eventCode, eventParams, clientMsgId, createdAt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  claim: `UPDATE "Conversation" SET status = 'ACTIVE', assigneeId = ?, claimedAt = ?
        WHERE id = ? AND status = 'QUEUED' AND assigneeId IS NULL`,
  takeCapacity:
    'UPDATE "Agent" SET activeChats = activeChats + 1 WHERE id = ? AND active = true AND activeChats < maxChats',
  freeCapacity: 'UPDATE "Agent" SET activeChats = activeChats - 1 WHERE id = ? AND activeChats > 0',
  markAssigned: 'UPDATE "Agent" SET lastAssignedAt = ? WHERE id = ?',
  requeue: `UPDATE "Conversation" SET status = 'QUEUED', assigneeId = NULL WHERE id = ? AND status = 'ACTIVE' AND assigneeId = ?`,
  close: `UPDATE "Conversation" SET status = 'CLOSED', openKey = NULL, closedAt = ? WHERE id = ? AND status != 'CLOSED'`,
  toQueue: `UPDATE "Conversation" SET status = 'QUEUED', assigneeId = NULL, departmentId = ? WHERE id = ? AND status != 'CLOSED'`,
  assign: `UPDATE "Conversation" SET status = 'ACTIVE', assigneeId = ?, claimedAt = COALESCE(claimedAt, ?)
        WHERE id = ? AND status != 'CLOSED'`,
  upsertCursor: `INSERT INTO "ReadCursor" (conversationId, participant, seq, updatedAt) VALUES (?, ?, ?, ?)
        ON CONFLICT (conversationId, participant) DO UPDATE SET seq = excluded.seq, updatedAt = excluded.updatedAt
        WHERE excluded.seq > "ReadCursor".seq`,
  visitorRead: 'UPDATE "Conversation" SET visitorReadSeq = ? WHERE id = ? AND visitorReadSeq < ?',
  agentRead: 'UPDATE "Conversation" SET agentReadSeq = ? WHERE id = ? AND agentReadSeq < ?',
  replayAll: 'SELECT * FROM "Message" WHERE conversationId = ? AND seq > ? ORDER BY seq LIMIT ?',
  replayVisible: `SELECT * FROM "Message" WHERE conversationId = ? AND audience = 'ALL' AND seq > ? ORDER BY seq LIMIT ?`,
  latestAll:
    'SELECT * FROM (SELECT * FROM "Message" WHERE conversationId = ? ORDER BY seq DESC LIMIT ?) AS page ORDER BY seq',
  latestVisible: `SELECT * FROM (SELECT * FROM "Message" WHERE conversationId = ? AND audience = 'ALL' ORDER BY seq DESC LIMIT ?) AS page ORDER BY seq`,
  historyAll:
    'SELECT * FROM (SELECT * FROM "Message" WHERE conversationId = ? AND seq < ? ORDER BY seq DESC LIMIT ?) AS page ORDER BY seq',
  historyVisible: `SELECT * FROM (SELECT * FROM "Message" WHERE conversationId = ? AND audience = 'ALL' AND seq < ?
        ORDER BY seq DESC LIMIT ?) AS page ORDER BY seq`,
  summary: `${SUMMARY_SELECT} WHERE c.id = ?`,
  recentWaits: `SELECT queuedAt, claimedAt FROM "Conversation" WHERE departmentId = ? AND claimedAt IS NOT NULL ORDER BY claimedAt DESC LIMIT 50`,
  queueLength: `SELECT COUNT(*) AS n FROM "Conversation" WHERE status = 'QUEUED'`,
  queued: `SELECT ${ConversationRow.columns} FROM "Conversation" WHERE departmentId = ? AND status = 'QUEUED' ORDER BY queuedAt LIMIT ?`,
  queuePosition: `SELECT COUNT(*) AS n FROM "Conversation" WHERE departmentId = ? AND status = 'QUEUED' AND queuedAt <= ?`,
} as const;

export class ConversationStore {
  readonly tx: TxQueue;
  private readonly waitCache = new Map<string, { at: number; ms: number | null }>();
  /** Where a visitor's write goes (open, duplicate, reopen or new): shared by messages, files, offline form. */
  readonly visitorConversations: VisitorConversations;
  /**
   * Called after a commit that put a chat in a queue or freed an agent's capacity (a new or reopened
   * chat, a close, a transfer, a requeue): routing may have work to do.
   */
  onQueueChanged: () => void = () => undefined;
  /**
   * Told, inside each write's own transaction, of the messages it wrote, after the write succeeded:
   * what must commit with them or not at all (webhook deliveries) goes here. It must not call Prisma
   * (on SQLite the batch holds the connection's lock).
   */
  beforeCommit: ((tx: SqlTransaction, messages: StoredMessage[]) => Promise<void>) | null = null;

  constructor(
    /** Reads of committed data; writes only inside `tx.run` jobs. */
    readonly sql: SqlDatabase,
    private readonly opts: { reopenMs: number },
  ) {
    // On SQLite a batch and its publishing hold the event loop: 500 jobs held it ~1 s under the
    // bench's overload; 100 keep a turn to ~100-200 ms at the same throughput (issue 7).
    this.tx = new TxQueue(sql, sql.provider === 'postgres' ? 200 : 100);
    this.visitorConversations = new VisitorConversations(this, opts.reopenMs);
  }

  /**
   * Runs a write job on the TxQueue (one transaction per event-loop turn, see tx-queue.ts). Every
   * state change of a conversation goes through here, in this file and the store's other files.
   */
  write<T>(job: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.tx.run(async (tx) => {
      const written: StoredMessage[] = [];
      const result = await job({ ...tx, wrote: (m) => written.push(m) });
      if (written.length > 0 && this.beforeCommit) await this.beforeCommit(tx, written);
      return result;
    });
  }

  // ------------------------------------------------------------------ reads

  async get(id: string): Promise<ConversationRow | null> {
    const row = await this.sql.get(Q.byId, [id]);
    return row === undefined ? null : ConversationRow.parse(row);
  }

  /** The visitor's open conversation, else the most recent one (for the widget's welcome). */
  async latestOf(siteId: string, visitorId: string): Promise<ConversationRow | null> {
    const row = await this.sql.get(Q.latestOf, [siteId, visitorId]);
    return row === undefined ? null : ConversationRow.parse(row);
  }

  /** Conversations waiting in any queue (metrics). */
  async queueLength(): Promise<number> {
    return CountRow.parse(await this.sql.get(Q.queueLength)).n;
  }

  /**
   * The median wait before a claim over the department's last 50 claims (ms), or null without any;
   * computed in code (DESIGN.md: percentiles over a bounded range) and kept for a minute.
   */
  async typicalWaitMs(departmentId: string): Promise<number | null> {
    const cached = this.waitCache.get(departmentId);
    if (cached && Date.now() - cached.at < 60_000) return cached.ms;
    const waits = (await this.sql.all(Q.recentWaits, [departmentId]))
      .map((row) => WaitRow.parse(row))
      .map((r) => fromSqlTime(r.claimedAt) - fromSqlTime(r.queuedAt))
      .filter((ms) => ms >= 0)
      .sort((a, b) => a - b);
    const ms = waits.length === 0 ? null : (waits[Math.floor((waits.length - 1) / 2)] ?? null);
    this.waitCache.set(departmentId, { at: Date.now(), ms });
    return ms;
  }

  /** The department's waiting conversations, oldest first. */
  async queued(departmentId: string, limit: number): Promise<ConversationRow[]> {
    return (await this.sql.all(Q.queued, [departmentId, limit])).map((row) => ConversationRow.parse(row));
  }

  async summary(id: string): Promise<ConversationSummary | null> {
    return this.summaryIn(this.sql, id);
  }

  /** The summary as `db` sees it: committed data, or a transaction's own writes. */
  async summaryIn(db: Pick<SqlTransaction, 'get'>, id: string): Promise<ConversationSummary | null> {
    const row = await db.get(Q.summary, [id]);
    return row === undefined ? null : summaryFromRow(row);
  }

  /** 1-based place in its department's queue, or null when not queued. */
  async queuePosition(c: ConversationRow): Promise<number | null> {
    if (c.status !== 'QUEUED') return null;
    return CountRow.parse(await this.sql.get(Q.queuePosition, [c.departmentId, c.queuedAt])).n;
  }

  /**
   * Messages after `afterSeq` for one audience. A client further behind than LIMITS.replayJump, or
   * opening the conversation for the first time (afterSeq 0), gets the latest page with reset.
   */
  async replay(conversationId: string, afterSeq: number, viewer: 'visitor' | 'agent'): Promise<ReplayPage> {
    const c = await this.get(conversationId);
    if (!c) throw new DomainError('not_found', 'No such conversation');
    const latestSeq = viewer === 'visitor' ? c.lastVisibleSeq : c.lastSeq;
    const limit = LIMITS.replayPage;
    if (afterSeq === 0 || latestSeq - afterSeq > LIMITS.replayJump) {
      const rows = await this.sql.all(viewer === 'visitor' ? Q.latestVisible : Q.latestAll, [
        conversationId,
        limit,
      ]);
      return { messages: rows.map(storedMessage), hasMore: false, reset: true, latestSeq };
    }
    const rows = await this.sql.all(viewer === 'visitor' ? Q.replayVisible : Q.replayAll, [
      conversationId,
      afterSeq,
      limit + 1,
    ]);
    const messages = rows.slice(0, limit).map(storedMessage);
    return { messages, hasMore: rows.length > limit, reset: false, latestSeq };
  }

  async history(
    conversationId: string,
    beforeSeq: number,
    viewer: 'visitor' | 'agent',
  ): Promise<{ messages: StoredMessage[]; hasMore: boolean }> {
    const limit = LIMITS.historyPage;
    const rows = await this.sql.all(viewer === 'visitor' ? Q.historyVisible : Q.historyAll, [
      conversationId,
      beforeSeq,
      limit + 1,
    ]);
    const messages = rows.map(storedMessage);
    const hasMore = messages.length > limit;
    return { messages: hasMore ? messages.slice(1) : messages, hasMore };
  }

  /**
   * One list of the console. `departments` limits it to those (null: every department, for admins).
   * `q` matches visitor name/email and message text as a lower-cased substring (bounded by LIMIT).
   */
  async list(
    view: ConversationView,
    opts: {
      agentId: string;
      departments: string[] | null;
      departmentId?: string;
      q?: string;
      limit?: number;
    },
  ): Promise<ConversationSummary[]> {
    const where: string[] = [];
    const args: SqlArg[] = [];
    if (view === 'queue') where.push(`c.status = 'QUEUED'`);
    if (view === 'all') where.push(`c.status IN ('QUEUED', 'ACTIVE')`);
    if (view === 'closed') where.push(`c.status = 'CLOSED'`);
    if (view === 'mine') {
      where.push(`c.status = 'ACTIVE' AND c.assigneeId = ?`);
      args.push(opts.agentId);
    }
    this.departmentFilter(where, args, opts.departments, opts.departmentId);
    if (opts.q) {
      const like = `%${opts.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      where.push(
        `(v.searchText LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM "Message" m WHERE m.conversationId = c.id AND m.searchText LIKE ? ESCAPE '\\'))`,
      );
      args.push(like, like);
    }
    const order =
      view === 'queue' ? 'c.queuedAt ASC' : view === 'closed' ? 'c.closedAt DESC' : 'c.lastMessageAt DESC';
    const sql = `${SUMMARY_SELECT} WHERE ${where.join(' AND ') || '1 = 1'} ORDER BY ${order} LIMIT ?`;
    args.push(opts.limit ?? 100);
    return (await this.sql.all(sql, args)).map(summaryFromRow);
  }

  async counts(opts: { agentId: string; departments: string[] | null }): Promise<{
    queue: number;
    mine: number;
    all: number;
  }> {
    const where: string[] = [`status IN ('QUEUED', 'ACTIVE')`];
    const args: SqlArg[] = [opts.agentId];
    if (opts.departments !== null) {
      where.push(`departmentId IN (${opts.departments.map(() => '?').join(',') || `''`})`);
      args.push(...opts.departments);
    }
    return CountsRow.parse(
      await this.sql.get(
        `SELECT COUNT(CASE WHEN status = 'QUEUED' THEN 1 END) AS queue,
         COUNT(CASE WHEN status = 'ACTIVE' AND assigneeId = ? THEN 1 END) AS mine,
         COUNT(*) AS "all" FROM "Conversation" WHERE ${where.join(' AND ')}`,
        args,
      ),
    );
  }

  private departmentFilter(
    where: string[],
    args: SqlArg[],
    departments: string[] | null,
    departmentId?: string,
  ) {
    if (departments !== null) {
      where.push(`c.departmentId IN (${departments.map(() => '?').join(',') || `''`})`);
      args.push(...departments);
    }
    if (departmentId) {
      where.push('c.departmentId = ?');
      args.push(departmentId);
    }
  }

  // ------------------------------------------------------------------ writes (inside TxQueue jobs)

  /**
   * A visitor's message: to the open conversation; else a retried start or a message already stored
   * in the last closed one is answered as a duplicate; else the conversation closed less than
   * REOPEN_HOURS ago is reopened (back to the queue); else a new conversation starts.
   */
  sendVisitorMessage(input: {
    siteId: string;
    visitorId: string;
    visitorName: string | null;
    clientMsgId: string;
    text: string;
    departmentId: string;
  }): Promise<SendResult> {
    return this.notifyQueue(
      this.write(async (tx) => {
        const now = Date.now();
        const target = await this.visitorConversations.target(tx, { ...input, now });
        if (target.duplicate) return target.duplicate;
        // target.conversation is fresh and locked: no second read before sequencing.
        const { message, conversation } = await this.appendMessage(
          tx,
          target.conversation,
          visitorText(input),
          now,
        );
        return { message, events: target.events, conversation, duplicate: false, created: target.created };
      }),
      (r) => r.created || r.events.length > 0,
    );
  }

  /**
   * An agent's reply (only the assignee, while ACTIVE) or internal note (any agent with access,
   * while not CLOSED). Access to the department is checked by the caller.
   */
  sendAgentMessage(input: {
    conversationId: string;
    agent: AgentRef;
    clientMsgId: string;
    text: string;
    note: boolean;
  }): Promise<SendResult> {
    return this.write(async (tx) => {
      const now = Date.now();
      const c = await this.mustGet(tx, input.conversationId);
      const dup = await this.duplicateOf(tx, c, input.clientMsgId);
      if (dup) return dup;
      if (input.note) {
        if (c.status === 'CLOSED') throw new DomainError('invalid_state', 'The conversation is closed');
      } else {
        if (c.status !== 'ACTIVE')
          throw new DomainError('invalid_state', 'Claim the conversation before replying');
        if (c.assigneeId !== input.agent.id)
          throw new DomainError('forbidden', 'Only the assigned agent can reply');
      }
      // A reply is the first response unless one came before; it changes no seq.
      let current = c;
      if (!input.note) {
        await tx.run(Q.firstResponse, [toSqlTime(now), c.id]);
        current = { ...c, firstResponseAt: c.firstResponseAt ?? toSqlTime(now) };
      }
      const { message, conversation } = await this.appendMessage(
        tx,
        current,
        {
          audience: input.note ? 'AGENTS' : 'ALL',
          authorKind: 'AGENT',
          authorId: input.agent.id,
          authorName: input.agent.name,
          kind: input.note ? 'NOTE' : 'TEXT',
          text: input.text,
          clientMsgId: input.clientMsgId,
        },
        now,
      );
      return { message, events: [], conversation, duplicate: false, created: false };
    });
  }

  /**
   * Claiming: one conditional update of the conversation and, in the same transaction, a guarded
   * update of the agent's capacity. Exactly one agent wins; nobody exceeds maxChats (on PostgreSQL
   * too: a concurrent update waits for the row lock, then re-checks its WHERE on the new row).
   */
  claim(conversationId: string, agent: AgentRef): Promise<LifecycleResult> {
    return this.write(async (tx) => {
      const now = Date.now();
      if ((await tx.run(Q.claim, [agent.id, toSqlTime(now), conversationId])) === 0) {
        const c = await tx.get(Q.byId, [conversationId]);
        if (c === undefined) throw new DomainError('not_found', 'No such conversation');
        if (ConversationRow.parse(c).status === 'CLOSED')
          throw new DomainError('invalid_state', 'The conversation is closed');
        throw new DomainError('already_claimed', 'A colleague claimed it first');
      }
      if ((await tx.run(Q.takeCapacity, [agent.id])) === 0) {
        throw new DomainError('capacity_reached', 'You are at your maximum number of chats');
      }
      const event = await this.insertEvent(tx, conversationId, 'claimed', { agentName: agent.name }, now);
      const conversation = await this.mustGet(tx, conversationId);
      // A new claim is new history for the department's typical wait.
      this.waitCache.delete(conversation.departmentId);
      return { conversation, events: [event], previousAssigneeId: null };
    });
  }

  close(
    conversationId: string,
    by: { agent: AgentRef } | { by: 'visitor' | 'system' },
  ): Promise<LifecycleResult> {
    return this.notifyQueue(
      this.write(async (tx) => {
        const now = Date.now();
        const before = await this.mustGet(tx, conversationId);
        if ((await tx.run(Q.close, [toSqlTime(now), conversationId])) === 0) {
          throw new DomainError('invalid_state', 'The conversation is already closed');
        }
        if (before.assigneeId) await tx.run(Q.freeCapacity, [before.assigneeId]);
        const params: Record<string, string> = 'agent' in by ? { byAgentName: by.agent.name } : { by: by.by };
        const event = await this.insertEvent(tx, conversationId, 'closed', params, now);
        return {
          conversation: await this.mustGet(tx, conversationId),
          events: [event],
          previousAssigneeId: before.assigneeId,
        };
      }),
      () => true,
    );
  }

  /** Back to a department's queue, keeping the original queuedAt (the visitor's wait goes on). */
  transferToDepartment(
    conversationId: string,
    department: { id: string; name: string },
    by: AgentRef,
    note?: string,
  ): Promise<LifecycleResult> {
    return this.notifyQueue(
      this.write(async (tx) => {
        const now = Date.now();
        const before = await this.mustGet(tx, conversationId);
        if ((await tx.run(Q.toQueue, [department.id, conversationId])) === 0) {
          throw new DomainError('invalid_state', 'A closed conversation cannot be transferred');
        }
        if (before.assigneeId) await tx.run(Q.freeCapacity, [before.assigneeId]);
        const events = await this.transferEvents(
          tx,
          conversationId,
          { toDepartmentName: department.name, byAgentName: by.name },
          by,
          note,
          now,
        );
        return {
          conversation: await this.mustGet(tx, conversationId),
          events,
          previousAssigneeId: before.assigneeId,
        };
      }),
      () => true,
    );
  }

  /** To a colleague, who must have capacity (the same guarded update as a claim). */
  transferToAgent(
    conversationId: string,
    to: AgentRef,
    by: AgentRef,
    note?: string,
  ): Promise<LifecycleResult> {
    return this.notifyQueue(
      this.write(async (tx) => {
        const now = Date.now();
        const before = await this.mustGet(tx, conversationId);
        if (before.assigneeId === to.id)
          throw new DomainError('invalid_state', 'Already assigned to that agent');
        if ((await tx.run(Q.assign, [to.id, toSqlTime(now), conversationId])) === 0) {
          throw new DomainError('invalid_state', 'A closed conversation cannot be transferred');
        }
        if ((await tx.run(Q.takeCapacity, [to.id])) === 0) {
          throw new DomainError('capacity_reached', `${to.name} has no free capacity`);
        }
        if (before.assigneeId) await tx.run(Q.freeCapacity, [before.assigneeId]);
        const events = await this.transferEvents(
          tx,
          conversationId,
          { toAgentName: to.name, byAgentName: by.name },
          by,
          note,
          now,
        );
        return {
          conversation: await this.mustGet(tx, conversationId),
          events,
          previousAssigneeId: before.assigneeId,
        };
      }),
      (r) => r.previousAssigneeId !== null,
    );
  }

  /**
   * Automatic assignment (routing): the same two guarded updates as a claim, so a router racing a
   * manual claim, or another process's router, never double-assigns or exceeds capacity.
   */
  assign(conversationId: string, agent: AgentRef): Promise<LifecycleResult> {
    return this.write(async (tx) => {
      const now = Date.now();
      if ((await tx.run(Q.claim, [agent.id, toSqlTime(now), conversationId])) === 0) {
        throw new DomainError('already_claimed', 'No longer waiting');
      }
      if ((await tx.run(Q.takeCapacity, [agent.id])) === 0) {
        throw new DomainError('capacity_reached', `${agent.name} has no free capacity`);
      }
      await tx.run(Q.markAssigned, [toSqlTime(now), agent.id]);
      const event = await this.insertEvent(tx, conversationId, 'assigned', { agentName: agent.name }, now);
      const conversation = await this.mustGet(tx, conversationId);
      // A new claim is new history for the department's typical wait.
      this.waitCache.delete(conversation.departmentId);
      return { conversation, events: [event], previousAssigneeId: null };
    });
  }

  /** Back to the queue because its agent is gone (offline past the grace period, or deactivated). */
  requeue(conversationId: string, agent: AgentRef): Promise<LifecycleResult> {
    return this.notifyQueue(
      this.write(async (tx) => {
        const now = Date.now();
        if ((await tx.run(Q.requeue, [conversationId, agent.id])) === 0) {
          throw new DomainError('invalid_state', 'Not active with that agent any more');
        }
        await tx.run(Q.freeCapacity, [agent.id]);
        const event = await this.insertEvent(tx, conversationId, 'requeued', { agentName: agent.name }, now);
        return {
          conversation: await this.mustGet(tx, conversationId),
          events: [event],
          previousAssigneeId: agent.id,
        };
      }),
      () => true,
    );
  }

  /** Resolves with `done`'s result, telling routing when `changed` says a queue or a capacity moved. */
  async notifyQueue<T>(done: Promise<T>, changed: (result: T) => boolean): Promise<T> {
    const result = await done;
    if (changed(result)) this.onQueueChanged();
    return result;
  }

  /** Moves a read cursor forward; returns the new seq, or null when it did not move. */
  markRead(
    conversationId: string,
    participant: { visitor: true } | { agentId: string },
    seq: number,
  ): Promise<number | null> {
    return this.write(async (tx) => {
      const c = await this.mustGet(tx, conversationId);
      const capped = Math.min(seq, c.lastSeq);
      const key = 'agentId' in participant ? participant.agentId : 'visitor';
      const moved = (await tx.run(Q.upsertCursor, [conversationId, key, capped, toSqlTime(Date.now())])) > 0;
      if (!moved) return null;
      const update = 'agentId' in participant ? Q.agentRead : Q.visitorRead;
      await tx.run(update, [capped, conversationId, capped]);
      return capped;
    });
  }

  // ------------------------------------------------------------------ building blocks for jobs
  // Public so that jobs in other store files (files, ratings) share one way of sequencing; call them
  // only inside a `tx.run` job, with its `tx`.

  /** The conversation, locked for the rest of the job on PostgreSQL (other processes wait). */
  async mustGet(tx: SqlTransaction, id: string): Promise<ConversationRow> {
    const row = await tx.get(`${Q.byId}${tx.forUpdate}`, [id]);
    if (row === undefined) throw new DomainError('not_found', 'No such conversation');
    return ConversationRow.parse(row);
  }

  async duplicateOf(tx: SqlTransaction, c: ConversationRow, clientMsgId: string): Promise<SendResult | null> {
    const row = await tx.get(Q.messageByClientId, [c.id, clientMsgId]);
    if (row === undefined) return null;
    return { message: storedMessage(row), events: [], conversation: c, duplicate: true, created: false };
  }

  private async transferEvents(
    tx: StoreTx,
    conversationId: string,
    params: Record<string, string>,
    by: AgentRef,
    note: string | undefined,
    now: number,
  ): Promise<StoredMessage[]> {
    const events = [await this.insertEvent(tx, conversationId, 'transferred', params, now)];
    if (note) {
      events.push(
        await this.insertMessage(
          tx,
          conversationId,
          {
            audience: 'AGENTS',
            authorKind: 'AGENT',
            authorId: by.id,
            authorName: by.name,
            kind: 'NOTE',
            text: note,
            clientMsgId: null,
          },
          now,
        ),
      );
    }
    return events;
  }

  /** A lifecycle event in the stream (claimed, closed, reopened...), seen by both audiences. */
  insertEvent(
    tx: StoreTx,
    conversationId: string,
    code: EventCode,
    params: Record<string, string>,
    now: number,
    audience: Audience = 'ALL',
  ): Promise<StoredMessage> {
    return this.insertMessage(
      tx,
      conversationId,
      {
        audience,
        authorKind: 'SYSTEM',
        authorId: null,
        authorName: null,
        kind: 'EVENT',
        text: '',
        event: { code, params },
        clientMsgId: null,
      },
      now,
    );
  }

  /**
   * Bumps the conversation's seq and inserts, in the caller's transaction. The seq row is read with
   * a row lock on PostgreSQL, so two processes writing to one conversation take turns.
   */
  async insertMessage(
    tx: StoreTx,
    conversationId: string,
    m: NewMessage,
    now: number,
  ): Promise<StoredMessage> {
    return (await this.appendMessage(tx, await this.mustGet(tx, conversationId), m, now)).message;
  }

  /**
   * The one place messages are sequenced. `c` must be the conversation as this job last read it with
   * `mustGet` (locked on PostgreSQL; SQLite's batch holds the write lock), with whatever the job
   * changed in it since: its seqs are the current ones. Resolves with the message and the
   * conversation after it, built from `c`, so the hot path reads the conversation once per message.
   */
  async appendMessage(
    tx: StoreTx,
    c: ConversationRow,
    m: NewMessage,
    now: number,
  ): Promise<{ message: StoredMessage; conversation: ConversationRow }> {
    const conversationId = c.id;
    const { lastSeq, lastVisibleSeq } = c;
    const seq = lastSeq + 1;
    const visible = m.audience === 'ALL';
    const createdAt = toSqlTime(now);
    const bumped = await tx.run(Q.bumpSeq, [
      seq,
      visible ? seq : lastVisibleSeq,
      createdAt,
      previewOf({ kind: m.kind, text: m.text, event: m.event ?? null }),
      m.authorKind,
      m.kind,
      conversationId,
    ]);
    if (bumped === 0) throw new DomainError('not_found', 'No such conversation');
    // The row after the update, from the one this job holds: no second read of it (issue 7).
    const conversation: ConversationRow = {
      ...c,
      lastSeq: seq,
      lastVisibleSeq: visible ? seq : lastVisibleSeq,
    };
    const id = newId();
    const eventParams = m.event ? JSON.stringify(m.event.params) : null;
    await tx.run(Q.insertMessage, [
      id,
      conversationId,
      seq,
      visible ? lastVisibleSeq : 0,
      m.audience,
      m.authorKind,
      m.authorId,
      m.authorName,
      m.kind,
      m.text,
      m.text.toLowerCase(),
      m.event?.code ?? null,
      eventParams,
      m.clientMsgId,
      createdAt,
    ]);
    const message: StoredMessage = {
      id,
      conversationId,
      seq,
      prevVisibleSeq: visible ? lastVisibleSeq : 0,
      audience: m.audience,
      authorKind: m.authorKind,
      authorId: m.authorId,
      authorName: m.authorName,
      kind: m.kind,
      text: m.text,
      event: m.event ?? null,
      clientMsgId: m.clientMsgId,
      createdAt: now,
    };
    tx.wrote(message);
    return { message, conversation };
  }
}
