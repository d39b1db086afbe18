import * as z from 'zod/mini';
import { ChatMessage, ClientMsgId, ErrorCode, Id, Seq, Timestamp } from './common.js';

/*
 * Frames the server sends to both kinds of client. Each variant says who sends it, when, and what the
 * receiver must do.
 */

/**
 * Server -> sender of a `message.send`, only after the message is committed. The client marks its
 * pending message (matched by clientMsgId) as sent with this seq. A repeated clientMsgId is acked
 * again with the stored message's seq; nothing is stored twice.
 */
export const AckFrame = z.object({
  type: z.literal('ack'),
  clientMsgId: ClientMsgId,
  conversationId: Id,
  messageId: Id,
  seq: Seq,
  createdAt: Timestamp,
});
export type AckFrame = z.infer<typeof AckFrame>;

/**
 * Server -> every subscriber of the conversation whose audience may see it, after the commit. The
 * receiver drops it if it has the seq already; shows it if `prevSeq` is the last seq it holds; and
 * otherwise asks for a replay from its last contiguous seq (it missed something).
 */
export const MessageFrame = z.object({ type: z.literal('message'), message: ChatMessage });
export type MessageFrame = z.infer<typeof MessageFrame>;

/**
 * Server -> client, answering `replay` (and the replays the server starts itself after a subscribe:
 * `hello` of a visitor, `conversation.watch` of an agent, which it pages to the end by itself).
 * Messages after `afterSeq` in order. While `hasMore` on an answer to its own `replay`, the client asks
 * again from the last seq.
 * `reset: true` means the client was more than LIMITS.replayJump behind: these are the latest
 * messages, the client discards what it shows and pages older history with `history` on demand.
 */
export const ReplayPageFrame = z.object({
  type: z.literal('replay.page'),
  conversationId: Id,
  afterSeq: Seq,
  messages: z.array(ChatMessage),
  hasMore: z.boolean(),
  reset: z.boolean(),
  /** The highest seq the receiver may see, at the time of the page. */
  latestSeq: Seq,
});
export type ReplayPageFrame = z.infer<typeof ReplayPageFrame>;

/** Server -> client, answering `history`: up to LIMITS.historyPage messages before `beforeSeq`, oldest first. */
export const HistoryPageFrame = z.object({
  type: z.literal('history.page'),
  conversationId: Id,
  beforeSeq: Seq,
  messages: z.array(ChatMessage),
  hasMore: z.boolean(),
});
export type HistoryPageFrame = z.infer<typeof HistoryPageFrame>;

/**
 * Server -> client when a frame of the client's failed (bad frame, rate limit, forbidden, store
 * down...). The socket stays open. `clientMsgId` names the message that failed, if any: the client
 * retries it with the same id after `retryAfterMs` when `retryable`, else marks it failed.
 */
export const ErrorFrame = z.object({
  type: z.literal('error'),
  code: ErrorCode,
  message: z.string(),
  retryable: z.boolean(),
  retryAfterMs: z.nullable(z.number()),
  clientMsgId: z.nullable(z.string()),
});
export type ErrorFrame = z.infer<typeof ErrorFrame>;

/**
 * Server -> client when the fan-out lost frames it should have delivered (the Bus reconnected, a
 * publish failed). The client replays every conversation it shows from its last contiguous seq and
 * re-fetches its lists.
 */
export const ResyncFrame = z.object({ type: z.literal('resync'), reason: z.string() });
export type ResyncFrame = z.infer<typeof ResyncFrame>;

/**
 * Server -> client before it closes the socket on shutdown (SIGTERM) or for maintenance. The client
 * reconnects after a random delay up to `withinMs` (jitter, so thousands do not come back at once).
 */
export const ReconnectFrame = z.object({
  type: z.literal('reconnect'),
  reason: z.string(),
  withinMs: z.number(),
});
export type ReconnectFrame = z.infer<typeof ReconnectFrame>;

/**
 * Server -> client whose `hello` named another protocol version. The client reloads its code (the
 * console its page, the widget its iframe); the server then closes the socket.
 */
export const ReloadFrame = z.object({ type: z.literal('reload'), protocolVersion: z.number() });
export type ReloadFrame = z.infer<typeof ReloadFrame>;

/** Server -> client answering `ping`. The client uses it to notice a dead connection it cannot see. */
export const PongFrame = z.object({ type: z.literal('pong'), serverTime: Timestamp });
export type PongFrame = z.infer<typeof PongFrame>;
