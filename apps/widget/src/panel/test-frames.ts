import type { ChatMessage, VisitorConversation, VisitorWelcome } from '@livechat/protocol';

/** Frame builders shared by the panel's tests (valid per the protocol schemas). */
export function chatMessage(seq: number, prevSeq: number, over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    prevSeq,
    audience: 'ALL',
    authorKind: 'AGENT',
    authorId: 'a1',
    authorName: 'Alice',
    kind: 'TEXT',
    text: `message ${seq}`,
    event: null,
    clientMsgId: null,
    createdAt: 1_700_000_000_000 + seq,
    ...over,
  };
}

export function visitorConversation(over: Partial<VisitorConversation> = {}): VisitorConversation {
  return {
    id: 'c1',
    status: 'ACTIVE',
    lastSeq: 0,
    agent: { id: 'a1', name: 'Alice', avatarUrl: null },
    queuePosition: null,
    agentReadSeq: 0,
    visitorReadSeq: 0,
    rating: null,
    createdAt: 1_700_000_000_000,
    closedAt: null,
    ...over,
  };
}

export function welcome(conversation: VisitorConversation | null = visitorConversation()): VisitorWelcome {
  return {
    type: 'welcome',
    protocolVersion: 1,
    serverTime: 1_700_000_000_000,
    heartbeatMs: 25_000,
    visitorId: 'v1',
    conversation,
  };
}
