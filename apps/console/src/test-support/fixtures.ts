import type { AgentClientFrame, ChatMessage, ConversationSummary } from '@livechat/protocol';
import { setFrameSender } from '../realtime/outbound';

export const ME = { id: 'agent-me', name: 'Mei' };
export const COLLEAGUE = { id: 'agent-colleague', name: 'Colin', avatarUrl: null };

/** A message as an agent receives it (agents see every seq, so prevSeq = seq - 1). */
export function message(
  conversationId: string,
  seq: number,
  overrides: Partial<ChatMessage> = {},
): ChatMessage {
  return {
    id: `m-${conversationId}-${seq}`,
    conversationId,
    seq,
    prevSeq: seq - 1,
    audience: 'ALL',
    authorKind: 'VISITOR',
    authorId: null,
    authorName: null,
    kind: 'TEXT',
    text: `message ${seq}`,
    event: null,
    clientMsgId: null,
    createdAt: Date.UTC(2026, 10, 26, 9, 0, seq),
    ...overrides,
  };
}

export function summary(id: string, overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    siteId: 'site-1',
    siteName: 'Acme',
    department: { id: 'dep-1', name: 'Sales' },
    status: 'QUEUED',
    visitor: { id: `visitor-${id}-1a2b`, name: null, email: null, verified: false },
    assignee: null,
    createdAt: Date.UTC(2026, 10, 26, 9, 0, 0),
    queuedAt: Date.UTC(2026, 10, 26, 9, 0, 0),
    claimedAt: null,
    closedAt: null,
    lastSeq: 1,
    lastMessage: {
      text: 'hello',
      authorKind: 'VISITOR',
      kind: 'TEXT',
      createdAt: Date.UTC(2026, 10, 26, 9, 0, 1),
    },
    visitorReadSeq: 0,
    ...overrides,
  };
}

/** Installs a frame sender that records every frame; `connected` decides whether sending succeeds. */
export function recordFrames() {
  const frames: AgentClientFrame[] = [];
  const state = { connected: true };
  setFrameSender((frame) => {
    if (!state.connected) return false;
    frames.push(frame);
    return true;
  });
  return {
    frames,
    ofType: <T extends AgentClientFrame['type']>(type: T) =>
      frames.filter((f): f is Extract<AgentClientFrame, { type: T }> => f.type === type),
    clear: () => frames.splice(0, frames.length),
    setConnected: (connected: boolean) => {
      state.connected = connected;
    },
  };
}
