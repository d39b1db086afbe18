import type { ConversationCounts, ConversationSummary, ConversationView } from '@livechat/protocol';

export const CONVERSATION_VIEWS: readonly ConversationView[] = ['queue', 'mine', 'all', 'closed'];

/** The views the server counts (ConversationCounts has no count of closed conversations). */
export type CountedView = keyof ConversationCounts;
export const COUNTED_VIEWS: readonly CountedView[] = ['queue', 'mine', 'all'];

/**
 * Whether a conversation belongs in a view, by the same rules the server uses for
 * GET /api/conversations. Applied to every `conversation.updated`, so a chat that stops being QUEUED
 * leaves the queue on every screen at once.
 */
export function belongsTo(
  view: ConversationView,
  conversation: ConversationSummary,
  myId: string | null,
): boolean {
  switch (view) {
    case 'queue':
      return conversation.status === 'QUEUED';
    case 'mine':
      return (
        conversation.status === 'ACTIVE' &&
        conversation.assignee !== null &&
        conversation.assignee.id === myId
      );
    case 'all':
      return conversation.status !== 'CLOSED';
    case 'closed':
      return conversation.status === 'CLOSED';
  }
}

const lastActivity = (c: ConversationSummary) => c.lastMessage?.createdAt ?? c.createdAt;

/** Order within a view: the queue oldest first (fairness), the others by latest activity or close. */
export function compareIn(
  view: ConversationView,
): (a: ConversationSummary, b: ConversationSummary) => number {
  switch (view) {
    case 'queue':
      return (a, b) => a.queuedAt - b.queuedAt;
    case 'mine':
    case 'all':
      return (a, b) => lastActivity(b) - lastActivity(a);
    case 'closed':
      return (a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0);
  }
}
