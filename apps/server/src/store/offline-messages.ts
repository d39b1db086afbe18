import { DomainError } from '../domain/domain-error.js';
import { visitorText, type ConversationStore } from './conversation-store.js';
import type { ConversationRow, StoredMessage } from './rows.js';
import type { VisitorConversations } from './visitor-conversation.js';

export type OfflineResult = {
  conversation: ConversationRow;
  /** What to publish, in seq order (a reopen event, the offline-form event, the message). */
  messages: StoredMessage[];
  duplicate: boolean;
};

/**
 * The offline form: the visitor's message goes where a chat message would (their open conversation,
 * else a reopen or a new QUEUED one), after an AGENTS-only 'offline_form' event carrying the email to
 * answer by. Idempotent by clientMsgId: a retried form changes nothing.
 */
export function leaveOfflineMessage(
  store: ConversationStore,
  conversations: VisitorConversations,
  input: {
    siteId: string;
    visitorId: string;
    visitorName: string | null;
    departmentId: string;
    clientMsgId: string;
    text: string;
    email: string;
  },
): Promise<OfflineResult> {
  return store.write(async (tx) => {
    const now = Date.now();
    const target = await conversations.target(tx, { ...input, now });
    if (target.duplicate) {
      return { conversation: target.duplicate.conversation, messages: [], duplicate: true };
    }
    const c = target.conversation;
    if (c.status === 'CLOSED') throw new DomainError('invalid_state', 'The conversation is closed');
    // The form's event first, so the lists' preview is the visitor's text.
    const params: Record<string, string> = { email: input.email };
    if (input.visitorName) params.name = input.visitorName;
    const note = await store.insertEvent(tx, c.id, 'offline_form', params, now, 'AGENTS');
    const message = await store.insertMessage(tx, c.id, visitorText(input), now);
    return {
      conversation: await store.mustGet(tx, c.id),
      messages: [...target.events, note, message],
      duplicate: false,
    };
  });
}
