import type Database from 'better-sqlite3';
import * as z from 'zod/mini';
import type { ConversationStore } from './conversation-store.js';
import { openKeyOf } from './visitor-conversation.js';

const IdRow = z.object({ id: z.string() });

/**
 * identify() with a valid hash on a browser that chatted anonymously: the anonymous visitor's
 * conversations move to the verified visitor, so the history follows the user, but only when the
 * verified visitor has no open conversation (a visitor has at most one open conversation per site).
 * Otherwise nothing moves: the session is just linked to the verified visitor.
 * Returns the ids of the conversations moved.
 */
export function moveAnonymousConversations(
  store: ConversationStore,
  db: Database.Database,
  input: { siteId: string; fromVisitorId: string; toVisitorId: string },
): Promise<string[]> {
  const p = (sql: string) => db.prepare(sql).safeIntegers(false);
  return store.tx.run(() => {
    const { siteId, fromVisitorId, toVisitorId } = input;
    if (
      p('SELECT id FROM "Conversation" WHERE openKey = ?').get(openKeyOf(siteId, toVisitorId)) !== undefined
    )
      return [];
    // A start key (the first clientMsgId) is unique per visitor; a clash is astronomically unlikely
    // with random ids, and such a conversation simply stays where it is.
    const ids = p(
      `SELECT id FROM "Conversation" WHERE siteId = ? AND visitorId = ?
       AND startKey NOT IN (SELECT startKey FROM "Conversation" WHERE visitorId = ?)`,
    )
      .all(siteId, fromVisitorId, toVisitorId)
      .map((r) => IdRow.parse(r).id);
    const move = p(
      `UPDATE "Conversation" SET visitorId = ?, openKey = CASE WHEN openKey IS NULL THEN NULL ELSE ? END WHERE id = ?`,
    );
    const authors = p(
      `UPDATE "Message" SET authorId = ? WHERE conversationId = ? AND authorKind = 'VISITOR' AND authorId = ?`,
    );
    const uploads = p(
      `UPDATE "Attachment" SET uploaderId = ? WHERE conversationId = ? AND uploaderKind = 'VISITOR' AND uploaderId = ?`,
    );
    for (const id of ids) {
      move.run(toVisitorId, openKeyOf(siteId, toVisitorId), id);
      authors.run(toVisitorId, id, fromVisitorId);
      uploads.run(toVisitorId, id, fromVisitorId);
    }
    return ids;
  });
}
