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
  input: { visitorId: string } & Pick<RatingSubmit, 'conversationId' | 'rating' | 'comment'>,
): Promise<StoredMessage> {
  return store.write(async (tx) => {
    const now = Date.now();
    // Someone else's conversation and no conversation at all get the same answer.
    const c = await store.mustGet(tx, input.conversationId).catch((error: unknown) => {
      if (error instanceof DomainError) return null;
      throw error;
    });
    if (!c || c.visitorId !== input.visitorId) throw new DomainError('forbidden', 'Not your conversation');
    if (c.status !== 'CLOSED')
      throw new DomainError('invalid_state', 'A conversation can be rated once it is closed');
    const comment = input.comment ? input.comment : null;
    await tx.run(
      `UPDATE "Conversation" SET rating = ?, ratingComment = ?, ratedAt = ? WHERE id = ? AND status = 'CLOSED'`,
      [input.rating, comment, toSqlTime(now), c.id],
    );
    const params = { rating: String(input.rating), ...(comment === null ? {} : { comment }) };
    return store.insertEvent(tx, c.id, 'rated', params, now, 'AGENTS');
  });
}
