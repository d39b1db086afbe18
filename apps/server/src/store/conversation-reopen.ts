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
  conversationId: string,
  by: AgentRef,
): Promise<LifecycleResult> {
  return store.write(async (tx) => {
    const now = Date.now();
    const c = await store.mustGet(tx, conversationId);
    if (c.status !== 'CLOSED') throw new DomainError('invalid_state', 'The conversation is not closed');
    const openKey = openKeyOf(c.siteId, c.visitorId);
    if ((await tx.get('SELECT id FROM "Conversation" WHERE openKey = ?', [openKey])) !== undefined) {
      throw new DomainError('invalid_state', 'The visitor already has another open conversation');
    }
    await tx.run(
      `UPDATE "Conversation" SET status = 'QUEUED', openKey = ?, assigneeId = NULL, claimedAt = NULL,
      closedAt = NULL, queuedAt = ? WHERE id = ? AND status = 'CLOSED'`,
      [openKey, toSqlTime(now), c.id],
    );
    const event = await store.insertEvent(tx, c.id, 'reopened', { byAgentName: by.name }, now);
    return { conversation: await store.mustGet(tx, c.id), events: [event], previousAssigneeId: null };
  });
}
