import type { ConversationSummary } from '@livechat/protocol';

export type Activity =
  | { kind: 'newChat'; conversation: ConversationSummary }
  | { kind: 'newMessage'; conversation: ConversationSummary };

/**
 * What a `conversation.updated` means for this agent's attention: a chat that just entered the
 * queue (new, or transferred back), or a visitor message in one of my chats. Everything else (a
 * colleague's reply, a claim, a close) stays silent, so the console is calm.
 */
export function classifyActivity(
  previous: ConversationSummary | undefined,
  next: ConversationSummary,
  myId: string | null,
): Activity | null {
  if (previous && next.lastSeq <= previous.lastSeq) return null; // stale or repeated update
  if (next.status === 'QUEUED' && previous?.status !== 'QUEUED')
    return { kind: 'newChat', conversation: next };
  const last = next.lastMessage;
  const mine = next.status === 'ACTIVE' && next.assignee !== null && next.assignee.id === myId;
  if (mine && last?.authorKind === 'VISITOR' && (last.kind === 'TEXT' || last.kind === 'FILE')) {
    if (previous?.lastMessage?.createdAt === last.createdAt) return null;
    return { kind: 'newMessage', conversation: next };
  }
  return null;
}
