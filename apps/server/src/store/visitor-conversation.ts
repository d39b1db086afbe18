import type Database from 'better-sqlite3';
import type { ConversationStore, SendResult } from './conversation-store.js';
import { newId } from './ids.js';
import { ConversationRow, type StoredMessage } from './rows.js';
import { fromSqlTime, toSqlTime } from './sql-time.js';

export type VisitorTarget =
  | { duplicate: SendResult }
  | { duplicate: null; conversation: ConversationRow; events: StoredMessage[]; created: boolean };

/**
 * Where a visitor's write that is not a chat frame (an upload, the offline form) goes, with the same
 * rules as `ConversationStore.sendVisitorMessage`: the open conversation; else a retried start or a
 * clientMsgId already stored in the last closed one is a duplicate; else the conversation closed less
 * than REOPEN_HOURS ago is reopened; else a new one starts with clientMsgId as its start key.
 *
 * Kept beside the store rather than inside it so that the core file stays the routing team's; the
 * SQL mirrors the store's. Call only inside a `store.tx.run` job.
 */
export class VisitorConversations {
  private readonly s;

  constructor(
    private readonly store: ConversationStore,
    db: Database.Database,
    private readonly reopenMs: number,
  ) {
    const p = (sql: string) => db.prepare(sql).safeIntegers(false);
    this.s = {
      byOpenKey: p('SELECT * FROM "Conversation" WHERE openKey = ?'),
      byStartKey: p('SELECT * FROM "Conversation" WHERE visitorId = ? AND startKey = ?'),
      lastClosed: p(
        `SELECT * FROM "Conversation" WHERE siteId = ? AND visitorId = ? AND status = 'CLOSED' ORDER BY closedAt DESC LIMIT 1`,
      ),
      insertConversation:
        p(`INSERT INTO "Conversation" (id, siteId, departmentId, visitorId, status, openKey, startKey,
        createdAt, queuedAt, lastMessageAt) VALUES (?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?)`),
      reopen:
        p(`UPDATE "Conversation" SET status = 'QUEUED', openKey = ?, assigneeId = NULL, claimedAt = NULL,
        closedAt = NULL, queuedAt = ? WHERE id = ? AND status = 'CLOSED'`),
    };
  }

  /** The visitor's open conversation, if any (inside a job). */
  openOf(siteId: string, visitorId: string): ConversationRow | null {
    const raw: unknown = this.s.byOpenKey.get(openKeyOf(siteId, visitorId));
    return raw === undefined ? null : ConversationRow.parse(raw);
  }

  target(input: {
    siteId: string;
    visitorId: string;
    departmentId: string;
    clientMsgId: string;
    now: number;
  }): VisitorTarget {
    const { store } = this;
    const openKey = openKeyOf(input.siteId, input.visitorId);
    const open = this.openOf(input.siteId, input.visitorId);
    if (open) {
      const duplicate = store.duplicateOf(open, input.clientMsgId);
      if (duplicate) return { duplicate };
      return { duplicate: null, conversation: open, events: [], created: false };
    }
    const startedRaw: unknown = this.s.byStartKey.get(input.visitorId, input.clientMsgId);
    if (startedRaw !== undefined) {
      const duplicate = store.duplicateOf(ConversationRow.parse(startedRaw), input.clientMsgId);
      if (duplicate) return { duplicate };
    }
    const closedRaw: unknown = this.s.lastClosed.get(input.siteId, input.visitorId);
    if (closedRaw !== undefined) {
      const closed = ConversationRow.parse(closedRaw);
      const duplicate = store.duplicateOf(closed, input.clientMsgId);
      if (duplicate) return { duplicate };
      if (closed.closedAt !== null && input.now - fromSqlTime(closed.closedAt) < this.reopenMs) {
        this.s.reopen.run(openKey, toSqlTime(input.now), closed.id);
        const event = store.insertMessage(
          closed.id,
          {
            audience: 'ALL',
            authorKind: 'SYSTEM',
            authorId: null,
            authorName: null,
            kind: 'EVENT',
            text: '',
            event: { code: 'reopened', params: {} },
            clientMsgId: null,
          },
          input.now,
        );
        return { duplicate: null, conversation: store.mustGet(closed.id), events: [event], created: false };
      }
    }
    const id = newId();
    const t = toSqlTime(input.now);
    this.s.insertConversation.run(
      id,
      input.siteId,
      input.departmentId,
      input.visitorId,
      openKey,
      input.clientMsgId,
      t,
      t,
      t,
    );
    return { duplicate: null, conversation: store.mustGet(id), events: [], created: true };
  }
}

/** `openKey` of a visitor's open conversation: unique, so there is at most one per visitor and site. */
export function openKeyOf(siteId: string, visitorId: string): string {
  return `${siteId}:${visitorId}`;
}
