import {
  ApiError,
  ConversationResponse,
  type AckFrame,
  type AgentServerFrame,
  type ChatMessage,
  type ErrorFrame,
  type VisitorServerFrame,
} from '@livechat/protocol';
import { cid, type TestServer, type WsClient } from './test-server.js';

/*
 * Steps most integration tests share: start a conversation, send and wait for the ack, claim, and read
 * back what a socket has been shown. Each helper fails loudly (with the frame it got) rather than
 * returning something a test could mistake for success.
 */

export type VisitorClient = WsClient<VisitorServerFrame> & { token: string };
export type AgentClient = WsClient<AgentServerFrame>;
/** Either kind of socket: both receive acks, errors, replay pages, messages and pongs. */
type AnyClient = WsClient<VisitorServerFrame | AgentServerFrame>;

/** Waits for the ack (or error) of one clientMsgId; an error frame fails the test with its content. */
export async function ackOf(client: AnyClient, clientMsgId: string): Promise<AckFrame> {
  const frame = await client.next<AckFrame | ErrorFrame>(
    (f) => (f.type === 'ack' || f.type === 'error') && f.clientMsgId === clientMsgId,
  );
  if (frame.type !== 'ack') throw new Error(`expected an ack, got ${JSON.stringify(frame)}`);
  return frame;
}

export async function visitorSays(
  visitor: VisitorClient,
  text: string,
  clientMsgId = cid(),
): Promise<AckFrame> {
  visitor.send({ type: 'message.send', clientMsgId, text });
  return ackOf(visitor, clientMsgId);
}

export async function agentSays(
  agent: AgentClient,
  conversationId: string,
  text: string,
  opts: { note?: boolean; clientMsgId?: string } = {},
): Promise<AckFrame> {
  const clientMsgId = opts.clientMsgId ?? cid();
  agent.send({ type: 'message.send', conversationId, clientMsgId, text, note: opts.note ?? false });
  return ackOf(agent, clientMsgId);
}

/** A new visitor whose first message started a conversation (seq 1, QUEUED). */
export async function startConversation(t: TestServer, text = 'Hello, anyone there?') {
  const visitor = await t.visitor();
  const ack = await visitorSays(visitor, text);
  return { visitor, conversationId: ack.conversationId, ack };
}

/** POST /api/conversations/:id/claim; returns the status and either the conversation or the error. */
export async function claim(t: TestServer, cookie: string, conversationId: string) {
  const res = await t.api('POST', `/api/conversations/${conversationId}/claim`, { cookie });
  return res.status === 200
    ? { status: res.status, conversation: ConversationResponse.parse(res.json).conversation, error: null }
    : { status: res.status, conversation: null, error: ApiError.parse(res.json).error };
}

/**
 * A ping answered by a pong: the server handles a socket's frames in order and writes to it in
 * order, so every frame caused by what was sent before the ping has arrived once the pong has.
 */
export async function roundTrip(client: AnyClient): Promise<void> {
  const from = client.frames.length;
  client.send({ type: 'ping' });
  await client.next((f) => f.type === 'pong' && client.frames.indexOf(f) >= from);
}

/** Every message of one conversation this socket was shown, in arrival order (replay pages and live). */
export function shownMessages(client: AnyClient, conversationId: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const f of client.frames) {
    if (f.type === 'replay.page' && f.conversationId === conversationId) out.push(...f.messages);
    if (f.type === 'message' && f.message.conversationId === conversationId) out.push(f.message);
  }
  return out;
}

export async function activeChatsOf(t: TestServer, agentId: string): Promise<number> {
  const agent = await t.app.db.prisma.agent.findUniqueOrThrow({ where: { id: agentId } });
  return agent.activeChats;
}

export async function conversationRow(t: TestServer, conversationId: string) {
  return t.app.db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
}

/** Lifecycle events stored in a conversation, by code, in seq order. */
export async function eventCodes(t: TestServer, conversationId: string): Promise<Array<string | null>> {
  const rows = await t.app.db.prisma.message.findMany({
    where: { conversationId, kind: 'EVENT' },
    orderBy: { seq: 'asc' },
    select: { eventCode: true },
  });
  return rows.map((r) => r.eventCode);
}
