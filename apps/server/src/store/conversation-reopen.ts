import type Database from 'better-sqlite3';
import { DomainError } from '../domain/domain-error.js';
import type { AgentRef, ConversationStore, LifecycleResult } from './conversation-store.js';
import { toSqlTime } from './sql-time.js';
import { openKeyOf } from './visitor-conversation.js';

/**
 * An agent reopens a CLOSED conversation: back to its department's queue (unassigned, waiting from
 * now), with a 'reopened' event naming the agent. The visitor may have only one open conversation:
 * when they already have another, this is refused (invalid_state), checked in the same job.
 */
export function reopenByAgent(
  store: ConversationStore,
  db: Database.Database,
  conversationId: string,
  by: AgentRef,
): Promise<LifecycleResult> {
  const p = (sql: string) => db.prepare(sql).safeIntegers(false);
  const openOther = p('SELECT id FROM "Conversation" WHERE openKey = ?');
  const reopen =
    p(`UPDATE "Conversation" SET status = 'QUEUED', openKey = ?, assigneeId = NULL, claimedAt = NULL,
    closedAt = NULL, queuedAt = ? WHERE id = ? AND status = 'CLOSED'`);
  return store.tx.run(() => {
    const now = Date.now();
    const c = store.mustGet(conversationId);
    if (c.status !== 'CLOSED') throw new DomainError('invalid_state', 'The conversation is not closed');
    const openKey = openKeyOf(c.siteId, c.visitorId);
    if (openOther.get(openKey) !== undefined) {
      throw new DomainError('invalid_state', 'The visitor already has another open conversation');
    }
    reopen.run(openKey, toSqlTime(now), c.id);
    const event = store.insertMessage(
      c.id,
      {
        audience: 'ALL',
        authorKind: 'SYSTEM',
        authorId: null,
        authorName: null,
        kind: 'EVENT',
        text: '',
        event: { code: 'reopened', params: { byAgentName: by.name } },
        clientMsgId: null,
      },
      now,
    );
    return { conversation: store.mustGet(c.id), events: [event], previousAssigneeId: null };
  });
}
