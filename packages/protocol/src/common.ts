import * as z from 'zod/mini';
import { LIMITS } from './limits.js';

/** Server-made ids (cuid-like strings). */
export const Id = z.string().check(z.minLength(1), z.maxLength(64));
export type Id = z.infer<typeof Id>;

/**
 * Client-generated id of one message, unique within its conversation. A retry sends the same id, and
 * the server answers with the stored message instead of storing a second one. The first message of a
 * conversation also uses it as the start key, so a retried start never opens two conversations.
 */
export const ClientMsgId = z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));
export type ClientMsgId = z.infer<typeof ClientMsgId>;

/** Per-conversation sequence number: 1, 2, 3... with no gaps across both audiences. 0 means "nothing yet". */
export const Seq = z.number().check(z.int(), z.minimum(0));
export type Seq = z.infer<typeof Seq>;

/** Milliseconds since the epoch. */
export const Timestamp = z.number().check(z.int(), z.minimum(0));
export type Timestamp = z.infer<typeof Timestamp>;

export const MessageText = z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.messageText));
export const PersonName = z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.name));
export const Email = z.string().check(z.trim(), z.maxLength(LIMITS.email), z.email());

/** Who may see a message: ALL (visitor and agents) or AGENTS (internal notes, internal events). */
export const Audience = z.enum(['ALL', 'AGENTS']);
export type Audience = z.infer<typeof Audience>;

export const AuthorKind = z.enum(['VISITOR', 'AGENT', 'SYSTEM']);
export type AuthorKind = z.infer<typeof AuthorKind>;

export const MessageKind = z.enum(['TEXT', 'NOTE', 'EVENT', 'FILE']);
export type MessageKind = z.infer<typeof MessageKind>;

export const ConversationStatus = z.enum(['QUEUED', 'ACTIVE', 'CLOSED']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const Role = z.enum(['ADMIN', 'AGENT']);
export type Role = z.infer<typeof Role>;

export const PresenceStatus = z.enum(['online', 'away', 'offline']);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

/**
 * Lifecycle events are stored as messages (kind EVENT) with a code and parameters, never as text, so
 * each viewer renders them in their own language.
 * - started: a visitor opened the conversation. params: {}
 * - claimed: an agent claimed it. params: { agentName }
 * - assigned: routing assigned it. params: { agentName }
 * - transferred: params: { toDepartmentName } or { toAgentName }, and { byAgentName }
 * - closed: params: { byAgentName } (or { by: 'visitor' } / { by: 'system' })
 * - reopened: the visitor wrote again soon after a close (params: {}), or an agent reopened it
 *   into the queue (params: { byAgentName })
 * - requeued: its agent went away and it is waiting again. params: { agentName }
 * - rated: the visitor rated the closed conversation (AGENTS only). params: { rating: '1'..'5', comment? }
 * - offline_form: the visitor left this message through the offline form (AGENTS only); answer by
 *   email. params: { email, name? }
 */
export const EventCode = z.enum([
  'started',
  'claimed',
  'assigned',
  'transferred',
  'closed',
  'reopened',
  'requeued',
  'rated',
  'offline_form',
]);
export type EventCode = z.infer<typeof EventCode>;

export const ChatEvent = z.object({
  code: EventCode,
  params: z.record(z.string(), z.string()),
});
export type ChatEvent = z.infer<typeof ChatEvent>;

/**
 * One message of a conversation as a given receiver sees it. `prevSeq` is the seq of the previous
 * message *this receiver's audience* may see: agents see every seq, so for them it is `seq - 1`;
 * visitors never see notes, so for them it skips over AGENTS messages. A receiver that holds
 * messages up to S and gets one whose prevSeq is greater than S has a gap and must replay from S.
 */
/**
 * A file shared in a conversation (kind FILE). `url` is signed and expires (`urlExpiresAt`); a client
 * that needs it later gets a fresh one by replaying. Images may be shown inline; other types are
 * served as downloads.
 */
export const AttachmentInfo = z.object({
  id: Id,
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  url: z.string(),
  urlExpiresAt: Timestamp,
});
export type AttachmentInfo = z.infer<typeof AttachmentInfo>;

export const ChatMessage = z.object({
  id: Id,
  conversationId: Id,
  seq: Seq,
  prevSeq: Seq,
  audience: Audience,
  authorKind: AuthorKind,
  authorId: z.nullable(Id),
  authorName: z.nullable(z.string()),
  kind: MessageKind,
  /** The text (TEXT and NOTE); empty for EVENT. */
  text: z.string(),
  event: z.nullable(ChatEvent),
  clientMsgId: z.nullable(z.string()),
  /** Set on FILE messages. */
  attachment: z.optional(z.nullable(AttachmentInfo)),
  createdAt: Timestamp,
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ErrorCode = z.enum([
  /** The frame or body did not parse; `message` says where. Not retryable as is. */
  'bad_request',
  'frame_too_large',
  /** Too many frames or requests; retry after `retryAfterMs`. */
  'rate_limited',
  'unauthorized',
  'forbidden',
  'not_found',
  /** Someone else claimed the conversation first. */
  'already_claimed',
  /** The agent holds maxChats conversations already. */
  'capacity_reached',
  /** The action needs another conversation status (e.g. reply to a closed chat). */
  'invalid_state',
  /** The store could not be reached; the client should retry with the same clientMsgId. */
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const VisitorBrief = z.object({
  id: Id,
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  /** True when linked to a user id through a valid identity hash. */
  verified: z.boolean(),
});
export type VisitorBrief = z.infer<typeof VisitorBrief>;

export const AgentBrief = z.object({ id: Id, name: z.string(), avatarUrl: z.nullable(z.string()) });
export type AgentBrief = z.infer<typeof AgentBrief>;

export const DepartmentBrief = z.object({ id: Id, name: z.string() });
export type DepartmentBrief = z.infer<typeof DepartmentBrief>;

/** A conversation as the console's lists show it. */
export const ConversationSummary = z.object({
  id: Id,
  siteId: Id,
  siteName: z.string(),
  department: DepartmentBrief,
  status: ConversationStatus,
  visitor: VisitorBrief,
  assignee: z.nullable(AgentBrief),
  createdAt: Timestamp,
  /** When it (last) entered the queue; a transfer to a department keeps the original wait. */
  queuedAt: Timestamp,
  claimedAt: z.nullable(Timestamp),
  closedAt: z.nullable(Timestamp),
  lastSeq: Seq,
  lastMessage: z.nullable(
    z.object({ text: z.string(), authorKind: AuthorKind, kind: MessageKind, createdAt: Timestamp }),
  ),
  /** The visitor's read cursor (for "seen"). */
  visitorReadSeq: Seq,
  /** The visitor's CSAT rating (1-5) once given after the close; absent from older servers. */
  rating: z.optional(z.nullable(z.number())),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

/** A conversation as the visitor's panel sees it. */
export const VisitorConversation = z.object({
  id: Id,
  status: ConversationStatus,
  /** Highest seq the visitor may see. */
  lastSeq: Seq,
  agent: z.nullable(AgentBrief),
  /** 1-based place in its department's queue while QUEUED, else null. */
  queuePosition: z.nullable(z.number().check(z.int(), z.minimum(1))),
  /**
   * A rough wait estimate while QUEUED: the department's median wait over its recent claims, times
   * the queue position; null when there is no history yet or not queued.
   */
  expectedWaitMs: z.optional(z.nullable(z.number())),
  /** Highest seq an agent has read (for read receipts). */
  agentReadSeq: Seq,
  /** Highest seq the visitor has read (unread badge across reloads and devices). */
  visitorReadSeq: Seq,
  createdAt: Timestamp,
  closedAt: z.nullable(Timestamp),
  /** The visitor's CSAT rating (1-5), once given after the close. */
  rating: z.nullable(z.number()),
});
export type VisitorConversation = z.infer<typeof VisitorConversation>;
