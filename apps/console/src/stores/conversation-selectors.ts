import type { ConversationSummary } from '@livechat/protocol';
import type { ConversationsState } from './conversations-store';

/**
 * Unread = the visitor wrote last and this agent has not read up to it. The agent's cursor comes from
 * the lists' `readSeqs` (so it survives a reload and follows the agent across tabs) and from `read`
 * frames and this tab's own reads.
 */
export function isUnread(conversation: ConversationSummary, agentReadSeq: Record<string, number>): boolean {
  return (
    conversation.status !== 'CLOSED' &&
    conversation.lastMessage?.authorKind === 'VISITOR' &&
    conversation.lastSeq > (agentReadSeq[conversation.id] ?? 0)
  );
}

/** What the title counts: chats waiting in the queue plus my chats with unread visitor messages. */
export function selectAttentionCount(state: ConversationsState): number {
  let unreadMine = 0;
  for (const id of state.lists.mine.ids) {
    const conversation = state.byId[id];
    if (conversation && isUnread(conversation, state.agentReadSeq)) unreadMine += 1;
  }
  return state.counts.queue + unreadMine;
}
