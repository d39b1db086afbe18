import type Database from 'better-sqlite3';
import {
  LIMITS,
  type Audience,
  type AuthorKind,
  type ConversationSummary,
  type ConversationView,
  type EventCode,
  type MessageKind,
} from '@livechat/protocol';
import type { WriteLock } from '../db/write-lock.js';
import { DomainError } from '../domain/domain-error.js';
import { newId } from './ids.js';
import {
  ConversationRow,
  storedMessage,
  CountRow,
  CountsRow,
  SeqsRow,
  WaitRow,
  SUMMARY_SELECT,
  summaryFromRow,
  type StoredMessage,
} from './rows.js';
import { fromSqlTime, toSqlTime } from './sql-time.js';
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
  private readonly s;

  constructor(
    /** The connection (for jobs in other store files; write only inside `tx.run`). */
    readonly db: Database.Database,
    lock: WriteLock,
    private readonly opts: { reopenMs: number },
  ) {
    this.tx = new TxQueue(db, lock);
    this.visitorConversations = new VisitorConversations(this, db, opts.reopenMs);
    const p = (sql: string) => db.prepare(sql).safeIntegers(false);
    this.s = {
      byId: p('SELECT * FROM "Conversation" WHERE id = ?'),
      latestOf: p(
        `SELECT * FROM "Conversation" WHERE siteId = ? AND visitorId = ? ORDER BY (status != 'CLOSED') DESC, createdAt DESC LIMIT 1`,
      ),
      messageByClientId: p('SELECT * FROM "Message" WHERE conversationId = ? AND clientMsgId = ?'),
      seqs: p('SELECT lastSeq, lastVisibleSeq FROM "Conversation" WHERE id = ?'),
      bumpSeq:
        p(`UPDATE "Conversation" SET lastSeq = ?, lastVisibleSeq = ?, lastMessageAt = ?, lastMessageText = ?,
        lastMessageAuthorKind = ?, lastMessageKind = ? WHERE id = ?`),
      firstResponse: p(
        'UPDATE "Conversation" SET firstResponseAt = ? WHERE id = ? AND firstResponseAt IS NULL',
      ),
      insertMessage:
        p(`INSERT INTO "Message" (id, conversationId, seq, prevVisibleSeq, audience, authorKind, authorId,
        authorName, kind, body, searchText, eventCode, eventParams, clientMsgId, createdAt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      claim: p(`UPDATE "Conversation" SET status = 'ACTIVE', assigneeId = ?, claimedAt = ?
        WHERE id = ? AND status = 'QUEUED' AND assigneeId IS NULL`),
      takeCapacity: p(
        'UPDATE "Agent" SET activeChats = activeChats + 1 WHERE id = ? AND active = 1 AND activeChats < maxChats',
      ),
      freeCapacity: p('UPDATE "Agent" SET activeChats = activeChats - 1 WHERE id = ? AND activeChats > 0'),
      markAssigned: p('UPDATE "Agent" SET lastAssignedAt = ? WHERE id = ?'),
      requeue: p(
        `UPDATE "Conversation" SET status = 'QUEUED', assigneeId = NULL WHERE id = ? AND status = 'ACTIVE' AND assigneeId = ?`,
      ),
      close: p(
        `UPDATE "Conversation" SET status = 'CLOSED', openKey = NULL, closedAt = ? WHERE id = ? AND status != 'CLOSED'`,
      ),
      toQueue: p(
        `UPDATE "Conversation" SET status = 'QUEUED', assigneeId = NULL, departmentId = ? WHERE id = ? AND status != 'CLOSED'`,
      ),
      assign:
        p(`UPDATE "Conversation" SET status = 'ACTIVE', assigneeId = ?, claimedAt = COALESCE(claimedAt, ?)
        WHERE id = ? AND status != 'CLOSED'`),
      upsertCursor:
        p(`INSERT INTO "ReadCursor" (conversationId, participant, seq, updatedAt) VALUES (?, ?, ?, ?)
        ON CONFLICT (conversationId, participant) DO UPDATE SET seq = excluded.seq, updatedAt = excluded.updatedAt
        WHERE excluded.seq > "ReadCursor".seq`),
      visitorRead: p('UPDATE "Conversation" SET visitorReadSeq = ? WHERE id = ? AND visitorReadSeq < ?'),
      agentRead: p('UPDATE "Conversation" SET agentReadSeq = ? WHERE id = ? AND agentReadSeq < ?'),
      replayAll: p('SELECT * FROM "Message" WHERE conversationId = ? AND seq > ? ORDER BY seq LIMIT ?'),
      replayVisible: p(
        `SELECT * FROM "Message" WHERE conversationId = ? AND audience = 'ALL' AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      latestAll: p(
        'SELECT * FROM (SELECT * FROM "Message" WHERE conversationId = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
      ),
      latestVisible: p(
        `SELECT * FROM (SELECT * FROM "Message" WHERE conversationId = ? AND audience = 'ALL' ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
      ),
      historyAll: p(
        'SELECT * FROM (SELECT * FROM "Message" WHERE conversationId = ? AND seq < ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
      ),
      historyVisible:
        p(`SELECT * FROM (SELECT * FROM "Message" WHERE conversationId = ? AND audience = 'ALL' AND seq < ?
        ORDER BY seq DESC LIMIT ?) ORDER BY seq`),
      summary: p(`${SUMMARY_SELECT} WHERE c.id = ?`),
      recentWaits: p(
        `SELECT queuedAt, claimedAt FROM "Conversation" WHERE departmentId = ? AND claimedAt IS NOT NULL ORDER BY claimedAt DESC LIMIT 50`,
      ),
      queueLength: p(`SELECT COUNT(*) AS n FROM "Conversation" WHERE status = 'QUEUED'`),
      queued: p(
        `SELECT * FROM "Conversation" WHERE departmentId = ? AND status = 'QUEUED' ORDER BY queuedAt LIMIT ?`,
      ),
      queuePosition: p(
        `SELECT COUNT(*) AS n FROM "Conversation" WHERE departmentId = ? AND status = 'QUEUED' AND queuedAt <= ?`,
      ),
    };
  }

  // ------------------------------------------------------------------ reads

  get(id: string): ConversationRow | null {
    const row: unknown = this.s.byId.get(id);
    return row === undefined ? null : ConversationRow.parse(row);
  }

  /** The visitor's open conversation, else the most recent one (for the widget's welcome). */
  latestOf(siteId: string, visitorId: string): ConversationRow | null {
    const row: unknown = this.s.latestOf.get(siteId, visitorId);
    return row === undefined ? null : ConversationRow.parse(row);
  }

  /** Conversations waiting in any queue (metrics). */
  queueLength(): number {
    return CountRow.parse(this.s.queueLength.get()).n;
  }

  /**
   * The median wait before a claim over the department's last 50 claims (ms), or null without any;
   * computed in code (DESIGN.md: percentiles over a bounded range) and kept for a minute.
   */
  typicalWaitMs(departmentId: string): number | null {
    const cached = this.waitCache.get(departmentId);
    if (cached && Date.now() - cached.at < 60_000) return cached.ms;
    const waits = this.s.recentWaits
      .all(departmentId)
      .map((row) => WaitRow.parse(row))
      .map((r) => fromSqlTime(r.claimedAt) - fromSqlTime(r.queuedAt))
      .filter((ms) => ms >= 0)
      .sort((a, b) => a - b);
    const ms = waits.length === 0 ? null : (waits[Math.floor((waits.length - 1) / 2)] ?? null);
    this.waitCache.set(departmentId, { at: Date.now(), ms });
    return ms;
  }

  /** The department's waiting conversations, oldest first. */
  queued(departmentId: string, limit: number): ConversationRow[] {
    return this.s.queued.all(departmentId, limit).map((row) => ConversationRow.parse(row));
  }

  summary(id: string): ConversationSummary | null {
    const row: unknown = this.s.summary.get(id);
    return row === undefined ? null : summaryFromRow(row);
  }

  /** 1-based place in its department's queue, or null when not queued. */
  queuePosition(c: ConversationRow): number | null {
    if (c.status !== 'QUEUED') return null;
    return CountRow.parse(this.s.queuePosition.get(c.departmentId, c.queuedAt)).n;
  }

  /**
   * Messages after `afterSeq` for one audience. A client further behind than LIMITS.replayJump, or
   * opening the conversation for the first time (afterSeq 0), gets the latest page with reset.
   */
  replay(conversationId: string, afterSeq: number, viewer: 'visitor' | 'agent'): ReplayPage {
    const c = this.get(conversationId);
    if (!c) throw new DomainError('not_found', 'No such conversation');
    const latestSeq = viewer === 'visitor' ? c.lastVisibleSeq : c.lastSeq;
    const limit = LIMITS.replayPage;
    if (afterSeq === 0 || latestSeq - afterSeq > LIMITS.replayJump) {
      const rows = (viewer === 'visitor' ? this.s.latestVisible : this.s.latestAll).all(
        conversationId,
        limit,
      );
      return { messages: rows.map(storedMessage), hasMore: false, reset: true, latestSeq };
    }
    const rows = (viewer === 'visitor' ? this.s.replayVisible : this.s.replayAll).all(
      conversationId,
      afterSeq,
      limit + 1,
    );
    const messages = rows.slice(0, limit).map(storedMessage);
    return { messages, hasMore: rows.length > limit, reset: false, latestSeq };
  }

  history(
    conversationId: string,
    beforeSeq: number,
    viewer: 'visitor' | 'agent',
  ): { messages: StoredMessage[]; hasMore: boolean } {
    const limit = LIMITS.historyPage;
    const rows = (viewer === 'visitor' ? this.s.historyVisible : this.s.historyAll).all(
      conversationId,
      beforeSeq,
      limit + 1,
    );
    const messages = rows.map(storedMessage);
    const hasMore = messages.length > limit;
    return { messages: hasMore ? messages.slice(1) : messages, hasMore };
  }

  /**
   * One list of the console. `departments` limits it to those (null: every department, for admins).
   * `q` matches visitor name/email and message text as a lower-cased substring (bounded by LIMIT).
   */
  list(
    view: ConversationView,
    opts: {
      agentId: string;
      departments: string[] | null;
      departmentId?: string;
      q?: string;
      limit?: number;
    },
  ): ConversationSummary[] {
    const where: string[] = [];
    const args: unknown[] = [];
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
    return this.db
      .prepare(sql)
      .safeIntegers(false)
      .all(...args)
      .map(summaryFromRow);
  }

  counts(opts: { agentId: string; departments: string[] | null }): {
    queue: number;
    mine: number;
    all: number;
  } {
    const where: string[] = [`status IN ('QUEUED', 'ACTIVE')`];
    const args: unknown[] = [];
    if (opts.departments !== null) {
      where.push(`departmentId IN (${opts.departments.map(() => '?').join(',') || `''`})`);
      args.push(...opts.departments);
    }
    return CountsRow.parse(
      this.db
        .prepare(
          `SELECT COALESCE(SUM(status = 'QUEUED'), 0) AS queue, COALESCE(SUM(status = 'ACTIVE' AND assigneeId = ?), 0) AS mine,
         COUNT(*) AS "all" FROM "Conversation" WHERE ${where.join(' AND ')}`,
        )
        .safeIntegers(false)
        .get(opts.agentId, ...args),
    );
  }

  private departmentFilter(
    where: string[],
    args: unknown[],
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
      this.tx.run(() => {
        const now = Date.now();
        const target = this.visitorConversations.target({ ...input, now });
        if (target.duplicate) return target.duplicate;
        const message = this.insertMessage(target.conversation.id, visitorText(input), now);
        return {
          message,
          events: target.events,
          conversation: this.mustGet(target.conversation.id),
          duplicate: false,
          created: target.created,
        };
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
    return this.tx.run(() => {
      const now = Date.now();
      const c = this.mustGet(input.conversationId);
      const dup = this.duplicateOf(c, input.clientMsgId);
      if (dup) return dup;
      if (input.note) {
        if (c.status === 'CLOSED') throw new DomainError('invalid_state', 'The conversation is closed');
      } else {
        if (c.status !== 'ACTIVE')
          throw new DomainError('invalid_state', 'Claim the conversation before replying');
        if (c.assigneeId !== input.agent.id)
          throw new DomainError('forbidden', 'Only the assigned agent can reply');
      }
      const message = this.insertMessage(
        c.id,
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
      if (!input.note) this.s.firstResponse.run(toSqlTime(now), c.id);
      return { message, events: [], conversation: this.mustGet(c.id), duplicate: false, created: false };
    });
  }

  /**
   * Claiming: one conditional update of the conversation and, in the same transaction, a guarded
   * update of the agent's capacity. Exactly one agent wins; nobody exceeds maxChats.
   */
  claim(conversationId: string, agent: AgentRef): Promise<LifecycleResult> {
    return this.tx.run(() => {
      const now = Date.now();
      if (this.s.claim.run(agent.id, toSqlTime(now), conversationId).changes === 0) {
        const c = this.get(conversationId);
        if (!c) throw new DomainError('not_found', 'No such conversation');
        if (c.status === 'CLOSED') throw new DomainError('invalid_state', 'The conversation is closed');
        throw new DomainError('already_claimed', 'A colleague claimed it first');
      }
      if (this.s.takeCapacity.run(agent.id).changes === 0) {
        throw new DomainError('capacity_reached', 'You are at your maximum number of chats');
      }
      const event = this.insertEvent(conversationId, 'claimed', { agentName: agent.name }, now);
      // A new claim is new history for the department's typical wait.
      this.waitCache.delete(this.mustGet(conversationId).departmentId);
      return { conversation: this.mustGet(conversationId), events: [event], previousAssigneeId: null };
    });
  }

  close(
    conversationId: string,
    by: { agent: AgentRef } | { by: 'visitor' | 'system' },
  ): Promise<LifecycleResult> {
    return this.notifyQueue(
      this.tx.run(() => {
        const now = Date.now();
        const before = this.mustGet(conversationId);
        if (this.s.close.run(toSqlTime(now), conversationId).changes === 0) {
          throw new DomainError('invalid_state', 'The conversation is already closed');
        }
        if (before.assigneeId) this.s.freeCapacity.run(before.assigneeId);
        const params: Record<string, string> = 'agent' in by ? { byAgentName: by.agent.name } : { by: by.by };
        const event = this.insertEvent(conversationId, 'closed', params, now);
        return {
          conversation: this.mustGet(conversationId),
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
      this.tx.run(() => {
        const now = Date.now();
        const before = this.mustGet(conversationId);
        if (this.s.toQueue.run(department.id, conversationId).changes === 0) {
          throw new DomainError('invalid_state', 'A closed conversation cannot be transferred');
        }
        if (before.assigneeId) this.s.freeCapacity.run(before.assigneeId);
        const events = this.transferEvents(
          conversationId,
          { toDepartmentName: department.name, byAgentName: by.name },
          by,
          note,
          now,
        );
        return { conversation: this.mustGet(conversationId), events, previousAssigneeId: before.assigneeId };
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
      this.tx.run(() => {
        const now = Date.now();
        const before = this.mustGet(conversationId);
        if (before.assigneeId === to.id)
          throw new DomainError('invalid_state', 'Already assigned to that agent');
        if (this.s.assign.run(to.id, toSqlTime(now), conversationId).changes === 0) {
          throw new DomainError('invalid_state', 'A closed conversation cannot be transferred');
        }
        if (this.s.takeCapacity.run(to.id).changes === 0) {
          throw new DomainError('capacity_reached', `${to.name} has no free capacity`);
        }
        if (before.assigneeId) this.s.freeCapacity.run(before.assigneeId);
        const events = this.transferEvents(
          conversationId,
          { toAgentName: to.name, byAgentName: by.name },
          by,
          note,
          now,
        );
        return { conversation: this.mustGet(conversationId), events, previousAssigneeId: before.assigneeId };
      }),
      (r) => r.previousAssigneeId !== null,
    );
  }

  /**
   * Automatic assignment (routing): the same two guarded updates as a claim, so a router racing a
   * manual claim, or another process's router, never double-assigns or exceeds capacity.
   */
  assign(conversationId: string, agent: AgentRef): Promise<LifecycleResult> {
    return this.tx.run(() => {
      const now = Date.now();
      if (this.s.claim.run(agent.id, toSqlTime(now), conversationId).changes === 0) {
        throw new DomainError('already_claimed', 'No longer waiting');
      }
      if (this.s.takeCapacity.run(agent.id).changes === 0) {
        throw new DomainError('capacity_reached', `${agent.name} has no free capacity`);
      }
      this.s.markAssigned.run(toSqlTime(now), agent.id);
      const event = this.insertEvent(conversationId, 'assigned', { agentName: agent.name }, now);
      // A new claim is new history for the department's typical wait.
      this.waitCache.delete(this.mustGet(conversationId).departmentId);
      return { conversation: this.mustGet(conversationId), events: [event], previousAssigneeId: null };
    });
  }

  /** Back to the queue because its agent is gone (offline past the grace period, or deactivated). */
  requeue(conversationId: string, agent: AgentRef): Promise<LifecycleResult> {
    return this.notifyQueue(
      this.tx.run(() => {
        const now = Date.now();
        if (this.s.requeue.run(conversationId, agent.id).changes === 0) {
          throw new DomainError('invalid_state', 'Not active with that agent any more');
        }
        this.s.freeCapacity.run(agent.id);
        const event = this.insertEvent(conversationId, 'requeued', { agentName: agent.name }, now);
        return { conversation: this.mustGet(conversationId), events: [event], previousAssigneeId: agent.id };
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
    return this.tx.run(() => {
      const c = this.mustGet(conversationId);
      const capped = Math.min(seq, c.lastSeq);
      const key = 'agentId' in participant ? participant.agentId : 'visitor';
      const moved = this.s.upsertCursor.run(conversationId, key, capped, toSqlTime(Date.now())).changes > 0;
      if (!moved) return null;
      if ('agentId' in participant) this.s.agentRead.run(capped, conversationId, capped);
      else this.s.visitorRead.run(capped, conversationId, capped);
      return capped;
    });
  }

  // ------------------------------------------------------------------ building blocks for jobs
  // Public so that jobs in other store files (files, ratings) share one way of sequencing; call them
  // only inside a `tx.run` job.

  mustGet(id: string): ConversationRow {
    const c = this.get(id);
    if (!c) throw new DomainError('not_found', 'No such conversation');
    return c;
  }

  duplicateOf(c: ConversationRow, clientMsgId: string): SendResult | null {
    const row: unknown = this.s.messageByClientId.get(c.id, clientMsgId);
    if (row === undefined) return null;
    return { message: storedMessage(row), events: [], conversation: c, duplicate: true, created: false };
  }

  private transferEvents(
    conversationId: string,
    params: Record<string, string>,
    by: AgentRef,
    note: string | undefined,
    now: number,
  ): StoredMessage[] {
    const events = [this.insertEvent(conversationId, 'transferred', params, now)];
    if (note) {
      events.push(
        this.insertMessage(
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

  private insertEvent(
    conversationId: string,
    code: EventCode,
    params: Record<string, string>,
    now: number,
  ): StoredMessage {
    return this.insertMessage(
      conversationId,
      {
        audience: 'ALL',
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

  /** Bumps the conversation's seq and inserts, in the caller's transaction. */
  insertMessage(conversationId: string, m: NewMessage, now: number): StoredMessage {
    const seqs: unknown = this.s.seqs.get(conversationId);
    if (seqs === undefined) throw new DomainError('not_found', 'No such conversation');
    const { lastSeq, lastVisibleSeq } = SeqsRow.parse(seqs);
    const seq = lastSeq + 1;
    const visible = m.audience === 'ALL';
    const preview = m.kind === 'EVENT' ? (m.event?.code ?? '') : m.text.slice(0, 200);
    const createdAt = toSqlTime(now);
    this.s.bumpSeq.run(
      seq,
      visible ? seq : lastVisibleSeq,
      createdAt,
      preview,
      m.authorKind,
      m.kind,
      conversationId,
    );
    const id = newId();
    const eventParams = m.event ? JSON.stringify(m.event.params) : null;
    this.s.insertMessage.run(
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
    );
    return {
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
  }
}
