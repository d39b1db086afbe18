import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { ClientMsgId, Id, MessageText, Seq, Timestamp, VisitorConversation } from './common.js';
import {
  AckFrame,
  ErrorFrame,
  HistoryPageFrame,
  MessageFrame,
  PongFrame,
  ReconnectFrame,
  ReloadFrame,
  ReplayPageFrame,
  ResyncFrame,
} from './server-frames.js';

/** Where the visitor is; sent by the panel so agents see the page, language and local time. */
export const VisitorContext = z.object({
  url: z.optional(z.string().check(z.maxLength(LIMITS.url))),
  title: z.optional(z.string().check(z.maxLength(300))),
  referrer: z.optional(z.string().check(z.maxLength(LIMITS.url))),
  locale: z.optional(z.string().check(z.maxLength(35))),
  timezone: z.optional(z.string().check(z.maxLength(64))),
});
export type VisitorContext = z.infer<typeof VisitorContext>;

// ---------------------------------------------------------------- visitor -> server

/**
 * Visitor -> server, the first frame on /ws/visitor. `token` is the visitor session token from
 * POST /api/widget/session (never in the URL). `afterSeq` is the last contiguous seq the panel shows
 * of `conversationId`, if any. The server subscribes, answers `welcome`, then replays what was missed.
 */
export const VisitorHello = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number(),
  token: z.string().check(z.minLength(16), z.maxLength(256)),
  conversationId: z.optional(z.nullable(Id)),
  afterSeq: z.optional(Seq),
  context: z.optional(VisitorContext),
});
export type VisitorHello = z.infer<typeof VisitorHello>;

/**
 * Visitor -> server: a message. It goes to the visitor's open conversation; if there is none, it
 * starts one in `departmentId` (else the site's default), or reopens one closed a short while ago.
 * The server answers `ack` (with the conversation's id) after the commit, or `error` with this
 * clientMsgId. Retries carry the same clientMsgId.
 */
export const VisitorMessageSend = z.object({
  type: z.literal('message.send'),
  clientMsgId: ClientMsgId,
  text: MessageText,
  departmentId: z.optional(Id),
});
export type VisitorMessageSend = z.infer<typeof VisitorMessageSend>;

/** Client -> server: send the messages after `afterSeq` (see `replay.page`). */
export const ReplayRequest = z.object({ type: z.literal('replay'), conversationId: Id, afterSeq: Seq });
export type ReplayRequest = z.infer<typeof ReplayRequest>;

/** Client -> server: send older messages before `beforeSeq` (scroll-back; see `history.page`). */
export const HistoryRequest = z.object({ type: z.literal('history'), conversationId: Id, beforeSeq: Seq });
export type HistoryRequest = z.infer<typeof HistoryRequest>;

/**
 * Visitor -> server while typing (at most every 2 s, and once with isTyping false). `preview` is what
 * the visitor has typed so far, shown live to agents. Not stored.
 */
export const VisitorTyping = z.object({
  type: z.literal('typing'),
  isTyping: z.boolean(),
  preview: z.optional(z.string().check(z.maxLength(LIMITS.typingPreview))),
});
export type VisitorTyping = z.infer<typeof VisitorTyping>;

/** Client -> server: the reader has seen everything up to `seq`. Cursors only move forward. */
export const ReadFrame = z.object({ type: z.literal('read'), conversationId: Id, seq: Seq });
export type ReadFrame = z.infer<typeof ReadFrame>;

/** Client -> server keep-alive; answered with `pong`. Clients send one every HEARTBEAT_MS. */
export const PingFrame = z.object({ type: z.literal('ping') });
export type PingFrame = z.infer<typeof PingFrame>;

/**
 * setAttributes(): custom key/value pairs shown to agents beside the conversation. Merged into what
 * the visitor has; an empty value removes the key. At most LIMITS.attributeKeys keys in all.
 */
export const VisitorAttributes = z
  .record(
    z.string().check(z.minLength(1), z.maxLength(LIMITS.attributeKey)),
    z.string().check(z.maxLength(LIMITS.attributeValue)),
  )
  .check(
    z.refine((r) => Object.keys(r).length <= LIMITS.attributeKeys, {
      message: `At most ${LIMITS.attributeKeys} attributes`,
    }),
  );
export type VisitorAttributes = z.infer<typeof VisitorAttributes>;

/**
 * Visitor -> server: the pre-chat form, identify() or setAttributes() filled in a name, an email or
 * attributes. Answered with nothing (agents see the change), or an error.
 */
export const VisitorProfileUpdate = z.object({
  type: z.literal('profile.update'),
  name: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.name))),
  email: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.email))),
  context: z.optional(VisitorContext),
  attributes: z.optional(VisitorAttributes),
});
export type VisitorProfileUpdate = z.infer<typeof VisitorProfileUpdate>;

/**
 * Visitor -> server after the conversation is CLOSED: a CSAT rating (1-5) and an optional comment.
 * Once per conversation (a second one replaces the first while the conversation stays closed). The
 * server answers with `conversation.state` (its `rating` set) or an error.
 */
export const RatingSubmit = z.object({
  type: z.literal('rating.submit'),
  conversationId: Id,
  rating: z.number().check(z.int(), z.minimum(1), z.maximum(5)),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});
export type RatingSubmit = z.infer<typeof RatingSubmit>;

/** Everything a visitor's panel may send. */
export const VisitorClientFrame = z.discriminatedUnion('type', [
  VisitorHello,
  VisitorMessageSend,
  ReplayRequest,
  HistoryRequest,
  VisitorTyping,
  ReadFrame,
  PingFrame,
  VisitorProfileUpdate,
  RatingSubmit,
]);
export type VisitorClientFrame = z.infer<typeof VisitorClientFrame>;

// ---------------------------------------------------------------- server -> visitor

/**
 * Server -> visitor after `hello`, once its topics are subscribed. `conversation` is the open (or
 * recently closed) conversation, or null. A replay of what was missed follows.
 */
export const VisitorWelcome = z.object({
  type: z.literal('welcome'),
  protocolVersion: z.number(),
  serverTime: Timestamp,
  heartbeatMs: z.number(),
  visitorId: Id,
  conversation: z.nullable(VisitorConversation),
});
export type VisitorWelcome = z.infer<typeof VisitorWelcome>;

/**
 * Server -> visitor whenever its conversation changes (started, claimed, transferred, closed, queue
 * position moved). The panel replaces what it shows of the conversation with it.
 */
export const VisitorConversationState = z.object({
  type: z.literal('conversation.state'),
  conversation: VisitorConversation,
});
export type VisitorConversationState = z.infer<typeof VisitorConversationState>;

/** Server -> visitor: an agent is (or stopped) typing. Shown for a few seconds at most. */
export const AgentTypingToVisitor = z.object({
  type: z.literal('typing'),
  conversationId: Id,
  isTyping: z.boolean(),
  name: z.string(),
});
export type AgentTypingToVisitor = z.infer<typeof AgentTypingToVisitor>;

/** Server -> visitor: an agent has read up to `seq` (read receipt). */
export const AgentReadToVisitor = z.object({ type: z.literal('read'), conversationId: Id, seq: Seq });
export type AgentReadToVisitor = z.infer<typeof AgentReadToVisitor>;

/** Everything the server may send to a visitor's panel. */
export const VisitorServerFrame = z.discriminatedUnion('type', [
  VisitorWelcome,
  AckFrame,
  MessageFrame,
  ReplayPageFrame,
  HistoryPageFrame,
  VisitorConversationState,
  AgentTypingToVisitor,
  AgentReadToVisitor,
  ErrorFrame,
  ResyncFrame,
  ReconnectFrame,
  ReloadFrame,
  PongFrame,
]);
export type VisitorServerFrame = z.infer<typeof VisitorServerFrame>;
