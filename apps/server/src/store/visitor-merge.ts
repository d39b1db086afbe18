import type { ConversationStore } from './conversation-store.js';
import { IdRow } from './rows.js';
import { openKeyOf } from './visitor-conversation.js';

/**
 * identify() with a valid hash on a browser that chatted anonymously: the anonymous visitor's
 * conversations move to the verified visitor, so the history follows the user, but only when the
 * verified visitor has no open conversation (a visitor has at most one open conversation per site).
 * Otherwise nothing moves: the session is just linked to the verified visitor.
 * Returns the ids of the conversations moved.
 */
export function moveAnonymousConversations(
  store: ConversationStore,
  input: { siteId: string; fromVisitorId: string; toVisitorId: string },
): Promise<string[]> {
  return store.write(async (tx) => {
    const { siteId, fromVisitorId, toVisitorId } = input;
    const toOpenKey = openKeyOf(siteId, toVisitorId);
    if ((await tx.get('SELECT id FROM "Conversation" WHERE openKey = ?', [toOpenKey])) !== undefined)
      return [];
    // A start key (the first clientMsgId) is unique per visitor; a clash is astronomically unlikely
    // with random ids, and such a conversation simply stays where it is.
    const ids = (
      await tx.all(
        `SELECT id FROM "Conversation" WHERE siteId = ? AND visitorId = ?
         AND startKey NOT IN (SELECT startKey FROM "Conversation" WHERE visitorId = ?)`,
        [siteId, fromVisitorId, toVisitorId],
      )
    ).map((r) => IdRow.parse(r).id);
    for (const id of ids) {
      await tx.run(
        `UPDATE "Conversation" SET visitorId = ?, openKey = CASE WHEN openKey IS NULL THEN NULL ELSE ? END WHERE id = ?`,
        [toVisitorId, toOpenKey, id],
      );
      await tx.run(
        `UPDATE "Message" SET authorId = ? WHERE conversationId = ? AND authorKind = 'VISITOR' AND authorId = ?`,
        [toVisitorId, id, fromVisitorId],
      );
      await tx.run(
        `UPDATE "Attachment" SET uploaderId = ? WHERE conversationId = ? AND uploaderKind = 'VISITOR' AND uploaderId = ?`,
        [toVisitorId, id, fromVisitorId],
      );
    }
    return ids;
  });
}
