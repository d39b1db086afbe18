import type Database from 'better-sqlite3';
import type { RatingSubmit } from '@livechat/protocol';
import { DomainError } from '../domain/domain-error.js';
import type { ConversationStore } from './conversation-store.js';
import type { StoredMessage } from './rows.js';
import { toSqlTime } from './sql-time.js';

/**
 * CSAT: the visitor rates their own CLOSED conversation (1-5, optional comment). A second rating
 * replaces the first. The rating is also an AGENTS-only 'rated' event in the stream, so agents see
 * it where it happened and reports can read it from the conversation row.
 */
export function rateConversation(
  store: ConversationStore,
  db: Database.Database,
  input: { visitorId: string } & Pick<RatingSubmit, 'conversationId' | 'rating' | 'comment'>,
): Promise<StoredMessage> {
  const update = db.prepare(
    `UPDATE "Conversation" SET rating = ?, ratingComment = ?, ratedAt = ? WHERE id = ? AND status = 'CLOSED'`,
  );
  return store.tx.run(() => {
    const now = Date.now();
    const c = store.get(input.conversationId);
    if (!c || c.visitorId !== input.visitorId) throw new DomainError('forbidden', 'Not your conversation');
    if (c.status !== 'CLOSED')
      throw new DomainError('invalid_state', 'A conversation can be rated once it is closed');
    const comment = input.comment ? input.comment : null;
    update.run(input.rating, comment, toSqlTime(now), c.id);
    return store.insertMessage(
      c.id,
      {
        audience: 'AGENTS',
        authorKind: 'SYSTEM',
        authorId: null,
        authorName: null,
        kind: 'EVENT',
        text: '',
        event: {
          code: 'rated',
          params: { rating: String(input.rating), ...(comment === null ? {} : { comment }) },
        },
        clientMsgId: null,
      },
      now,
    );
  });
}
