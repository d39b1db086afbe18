import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import {
  ClientMsgId,
  ConversationSummary,
  Id,
  MessageText,
  PresenceStatus,
  Seq,
  Timestamp,
} from './common.js';
import { AgentMe } from './rest.js';
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
import { HistoryRequest, PingFrame, ReadFrame, ReplayRequest } from './visitor-frames.js';

// ---------------------------------------------------------------- agent -> server

/**
 * Agent -> server, the first frame on /ws/agent (the session cookie and Origin were checked at the
 * upgrade). The server subscribes the agent's department and agent topics, then answers `welcome`;
 * the console then re-fetches its lists (GET /api/conversations) as snapshots and re-watches the
 * conversations it shows.
 */
export const AgentHello = z.object({ type: z.literal('hello'), protocolVersion: z.number() });
export type AgentHello = z.infer<typeof AgentHello>;

/**
 * Agent -> server: start receiving one conversation's messages, typing and read state. The server
 * checks access (department member or admin), subscribes, then replays from `afterSeq` (0 for the
 * first open: the server then sends the latest page with `reset: true`). The server sends every page
 * of this replay itself (the client must not ask for the next ones), holding live messages until the
 * last page is out. Idempotent.
 */
export const ConversationWatch = z.object({
  type: z.literal('conversation.watch'),
  conversationId: Id,
  afterSeq: Seq,
});
export type ConversationWatch = z.infer<typeof ConversationWatch>;

/** Agent -> server: stop receiving a conversation (the agent closed its view). */
export const ConversationUnwatch = z.object({ type: z.literal('conversation.unwatch'), conversationId: Id });
export type ConversationUnwatch = z.infer<typeof ConversationUnwatch>;

/**
 * Agent -> server: a reply (`note: false`, seen by the visitor; only the assignee may reply) or an
 * internal note (`note: true`, audience AGENTS, never sent to the visitor; any agent with access).
 * Answered with `ack` after the commit, or `error` with this clientMsgId.
 */
export const AgentMessageSend = z.object({
  type: z.literal('message.send'),
  conversationId: Id,
  clientMsgId: ClientMsgId,
  text: MessageText,
  note: z.boolean(),
});
export type AgentMessageSend = z.infer<typeof AgentMessageSend>;

/** Agent -> server while typing a reply (not a note), at most every 2 s. Not stored. */
export const AgentTyping = z.object({ type: z.literal('typing'), conversationId: Id, isTyping: z.boolean() });
export type AgentTyping = z.infer<typeof AgentTyping>;

/** Agent -> server: the agent chose a status; `away` also comes by itself after idle time. */
export const PresenceSet = z.object({ type: z.literal('presence.set'), status: z.enum(['online', 'away']) });
export type PresenceSet = z.infer<typeof PresenceSet>;

/** Everything the console may send. */
export const AgentClientFrame = z.discriminatedUnion('type', [
  AgentHello,
  ConversationWatch,
  ConversationUnwatch,
  AgentMessageSend,
  ReplayRequest,
  HistoryRequest,
  AgentTyping,
  ReadFrame,
  PresenceSet,
  PingFrame,
]);
export type AgentClientFrame = z.infer<typeof AgentClientFrame>;

// ---------------------------------------------------------------- server -> agent

/** Server -> agent after `hello`, once its topics are subscribed. The console then re-fetches its lists. */
export const AgentWelcome = z.object({
  type: z.literal('welcome'),
  protocolVersion: z.number(),
  serverTime: Timestamp,
  heartbeatMs: z.number(),
  agent: AgentMe,
});
export type AgentWelcome = z.infer<typeof AgentWelcome>;

/**
 * Every status change is also a message (an EVENT), so `lastSeq` grows with every change: a client may
 * ignore an update whose lastSeq is lower than the one it holds.
 *
 * Server -> every agent with access to the conversation's department, whenever it changes: created,
 * new message, claimed, transferred, closed, reopened. The console upserts it into its lists (and
 * removes it from the queue when it is no longer QUEUED: that is how a chat claimed by a colleague
 * leaves every screen at once).
 */
export const ConversationUpdated = z.object({
  type: z.literal('conversation.updated'),
  conversation: ConversationSummary,
});
export type ConversationUpdated = z.infer<typeof ConversationUpdated>;

/** Server -> agents watching the conversation: the visitor (with a live preview) or a colleague is typing. */
export const TypingToAgent = z.object({
  type: z.literal('typing'),
  conversationId: Id,
  from: z.enum(['visitor', 'agent']),
  name: z.string(),
  isTyping: z.boolean(),
  preview: z.optional(z.string().check(z.maxLength(LIMITS.typingPreview))),
});
export type TypingToAgent = z.infer<typeof TypingToAgent>;

/** Server -> agents watching the conversation: the visitor (or an agent) read up to `seq`. */
export const ReadToAgent = z.object({
  type: z.literal('read'),
  conversationId: Id,
  reader: z.enum(['visitor', 'agent']),
  agentId: z.nullable(Id),
  seq: Seq,
});
export type ReadToAgent = z.infer<typeof ReadToAgent>;

/** Server -> agents: a colleague's presence or load changed. */
export const PresenceFrame = z.object({
  type: z.literal('presence'),
  agentId: Id,
  status: PresenceStatus,
  activeChats: z.number(),
});
export type PresenceFrame = z.infer<typeof PresenceFrame>;

/** Everything the server may send to the console. */
export const AgentServerFrame = z.discriminatedUnion('type', [
  AgentWelcome,
  AckFrame,
  MessageFrame,
  ReplayPageFrame,
  HistoryPageFrame,
  ConversationUpdated,
  TypingToAgent,
  ReadToAgent,
  PresenceFrame,
  ErrorFrame,
  ResyncFrame,
  ReconnectFrame,
  ReloadFrame,
  PongFrame,
]);
export type AgentServerFrame = z.infer<typeof AgentServerFrame>;
