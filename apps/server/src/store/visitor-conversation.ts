import type { ConversationStore, SendResult, StoreTx } from './conversation-store.js';
import { newId } from './ids.js';
import { ConversationRow, type StoredMessage } from './rows.js';
import type { SqlTransaction } from './sql.js';
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
const Q = {
  byOpenKey: `SELECT ${ConversationRow.columns} FROM "Conversation" WHERE openKey = ?`,
  byStartKey: `SELECT ${ConversationRow.columns} FROM "Conversation" WHERE visitorId = ? AND startKey = ?`,
  lastClosed: `SELECT ${ConversationRow.columns} FROM "Conversation" WHERE siteId = ? AND visitorId = ? AND status = 'CLOSED' ORDER BY closedAt DESC LIMIT 1`,
  insertConversation: `INSERT INTO "Conversation" (id, siteId, departmentId, visitorId, status, openKey, startKey,
    createdAt, queuedAt, lastMessageAt) VALUES (?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?)`,
  reopen: `UPDATE "Conversation" SET status = 'QUEUED', openKey = ?, assigneeId = NULL, claimedAt = NULL,
    closedAt = NULL, queuedAt = ? WHERE id = ? AND status = 'CLOSED'`,
} as const;

export class VisitorConversations {
  constructor(
    private readonly store: ConversationStore,
    private readonly reopenMs: number,
  ) {}

  /** The visitor's open conversation, if any (inside a job; locked on PostgreSQL). */
  async openOf(tx: SqlTransaction, siteId: string, visitorId: string): Promise<ConversationRow | null> {
    const raw = await tx.get(`${Q.byOpenKey}${tx.forUpdate}`, [openKeyOf(siteId, visitorId)]);
    return raw === undefined ? null : ConversationRow.parse(raw);
  }

  /**
   * Two processes starting a conversation for one visitor at once: the second insert meets the
   * unique openKey, its job is retried by the TxQueue and then finds the first one's conversation.
   */
  async target(
    tx: StoreTx,
    input: {
      siteId: string;
      visitorId: string;
      departmentId: string;
      clientMsgId: string;
      now: number;
    },
  ): Promise<VisitorTarget> {
    const { store } = this;
    const openKey = openKeyOf(input.siteId, input.visitorId);
    const open = await this.openOf(tx, input.siteId, input.visitorId);
    if (open) {
      const duplicate = await store.duplicateOf(tx, open, input.clientMsgId);
      if (duplicate) return { duplicate };
      return { duplicate: null, conversation: open, events: [], created: false };
    }
    const startedRaw = await tx.get(Q.byStartKey, [input.visitorId, input.clientMsgId]);
    if (startedRaw !== undefined) {
      const duplicate = await store.duplicateOf(tx, ConversationRow.parse(startedRaw), input.clientMsgId);
      if (duplicate) return { duplicate };
    }
    const closedRaw = await tx.get(Q.lastClosed, [input.siteId, input.visitorId]);
    if (closedRaw !== undefined) {
      const closed = ConversationRow.parse(closedRaw);
      const duplicate = await store.duplicateOf(tx, closed, input.clientMsgId);
      if (duplicate) return { duplicate };
      if (closed.closedAt !== null && input.now - fromSqlTime(closed.closedAt) < this.reopenMs) {
        if ((await tx.run(Q.reopen, [openKey, toSqlTime(input.now), closed.id])) > 0) {
          const event = await store.insertEvent(tx, closed.id, 'reopened', {}, input.now);
          return {
            duplicate: null,
            conversation: await store.mustGet(tx, closed.id),
            events: [event],
            created: false,
          };
        }
      }
    }
    const id = newId();
    const t = toSqlTime(input.now);
    await tx.run(Q.insertConversation, [
      id,
      input.siteId,
      input.departmentId,
      input.visitorId,
      openKey,
      input.clientMsgId,
      t,
      t,
      t,
    ]);
    return { duplicate: null, conversation: await store.mustGet(tx, id), events: [], created: true };
  }
}

/** `openKey` of a visitor's open conversation: unique, so there is at most one per visitor and site. */
export function openKeyOf(siteId: string, visitorId: string): string {
  return `${siteId}:${visitorId}`;
}
