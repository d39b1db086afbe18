import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import {
  AgentBrief,
  ConversationSummary,
  DepartmentBrief,
  Email,
  ErrorCode,
  Id,
  PresenceStatus,
  Role,
  Seq,
  Timestamp,
  VisitorBrief,
} from './common.js';

/*
 * REST bodies, queries and responses. The server validates with these same schemas and generates
 * the OpenAPI document (/docs) from them.
 */

/** Every non-2xx response. `fields` maps a body path ("email") to what is wrong with it. */
export const ApiError = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

export const OkResponse = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof OkResponse>;

export const HealthResponse = z.object({ status: z.enum(['ok']), uptimeS: z.number() });
export type HealthResponse = z.infer<typeof HealthResponse>;

// ---------------------------------------------------------------- agent auth

/** POST /api/auth/login. On success a session cookie is set. */
export const LoginBody = z.object({
  email: Email,
  password: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** The signed-in agent, as GET /api/auth/me and the agent `welcome` frame give it. */
export const AgentMe = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  avatarUrl: z.nullable(z.string()),
  maxChats: z.number(),
  activeChats: z.number(),
  departments: z.array(DepartmentBrief),
});
export type AgentMe = z.infer<typeof AgentMe>;

export const MeResponse = z.object({ agent: AgentMe });
export type MeResponse = z.infer<typeof MeResponse>;

// ---------------------------------------------------------------- widget (CORS, site's allowed origins)

/** GET /api/widget/config?siteKey=... : what the loader and panel need to draw themselves. */
export const WidgetConfigQuery = z.object({ siteKey: z.string().check(z.minLength(4), z.maxLength(64)) });
export type WidgetConfigQuery = z.infer<typeof WidgetConfigQuery>;

export const WidgetConfig = z.object({
  siteId: Id,
  siteKey: z.string(),
  name: z.string(),
  /** Brand colour, #rrggbb. */
  color: z.string(),
  position: z.enum(['right', 'left']),
  launcherText: z.string(),
  greeting: z.string(),
  /** Default language of the widget ('en', 'zh-CN'); the visitor's browser wins where supported. */
  locale: z.string(),
  departments: z.array(z.object({ id: Id, name: z.string(), online: z.boolean() })),
  defaultDepartmentId: z.nullable(Id),
  preChat: z.object({
    enabled: z.boolean(),
    nameRequired: z.boolean(),
    emailRequired: z.boolean(),
    askDepartment: z.boolean(),
  }),
  /** True when at least one agent of the default department is online. */
  online: z.boolean(),
  /** The site's logo, shown in the panel header until an agent joins; null = the site's initial. */
  logoUrl: z.optional(z.nullable(z.string())),
});
export type WidgetConfig = z.infer<typeof WidgetConfig>;

/**
 * POST /api/widget/session, sent by the loader on the visitor's first interaction, from the host
 * page (its Origin must be one the site allows). With a still-valid `token` it returns the same
 * visitor; otherwise a new one.
 */
export const VisitorSessionBody = z.object({
  siteKey: z.string().check(z.minLength(4), z.maxLength(64)),
  token: z.optional(z.nullable(z.string().check(z.maxLength(256)))),
  /**
   * identify(): with a valid `hash` (hex HMAC-SHA256 of userId with the site's identity secret) the
   * session belongs to that user's visitor, whose history follows them across devices. Without a
   * valid hash the userId is only shown to agents and links nothing.
   */
  identity: z.optional(
    z.object({
      userId: z.string().check(z.minLength(1), z.maxLength(200)),
      hash: z.optional(z.string().check(z.maxLength(128))),
      name: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.name))),
      email: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.email))),
    }),
  ),
});
export type VisitorSessionBody = z.infer<typeof VisitorSessionBody>;

export const VisitorSessionResponse = z.object({
  token: z.string(),
  visitorId: Id,
  /** True when the identity hash was valid and the session is linked to that user. */
  verified: z.boolean(),
});
export type VisitorSessionResponse = z.infer<typeof VisitorSessionResponse>;

// ---------------------------------------------------------------- conversations (agents)

export const ConversationView = z.enum(['queue', 'mine', 'all', 'closed']);
export type ConversationView = z.infer<typeof ConversationView>;

/**
 * GET /api/conversations : one list of the console. queue = QUEUED, oldest first; mine = ACTIVE and
 * assigned to me; all = open ones of my departments (admins: all); closed = most recently closed first.
 * `q` searches visitor name, email and message text (case-insensitive substring).
 */
export const ConversationListQuery = z.object({
  view: ConversationView,
  departmentId: z.optional(Id),
  q: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200))),
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

export const ConversationCounts = z.object({ queue: z.number(), mine: z.number(), all: z.number() });
export type ConversationCounts = z.infer<typeof ConversationCounts>;

export const ConversationListResponse = z.object({
  items: z.array(ConversationSummary),
  counts: ConversationCounts,
  /** The signed-in agent's read cursor per listed conversation (absent: nothing read), for unread badges. */
  readSeqs: z.record(z.string(), Seq),
});
export type ConversationListResponse = z.infer<typeof ConversationListResponse>;

/** Everything the console shows about the visitor beside a conversation. */
export const VisitorProfile = z.object({
  ...VisitorBrief.shape,
  externalId: z.nullable(z.string()),
  url: z.nullable(z.string()),
  title: z.nullable(z.string()),
  referrer: z.nullable(z.string()),
  userAgent: z.nullable(z.string()),
  locale: z.nullable(z.string()),
  timezone: z.nullable(z.string()),
  attributes: z.record(z.string(), z.string()),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
});
export type VisitorProfile = z.infer<typeof VisitorProfile>;

/** GET /api/conversations/:id */
export const ConversationDetailResponse = z.object({
  conversation: ConversationSummary,
  visitor: VisitorProfile,
  /** The visitor's other conversations, newest first (read-only where not the agent's). */
  past: z.array(ConversationSummary),
});
export type ConversationDetailResponse = z.infer<typeof ConversationDetailResponse>;

export const ConversationIdParams = z.object({ id: Id });
export type ConversationIdParams = z.infer<typeof ConversationIdParams>;

/** POST /api/conversations/:id/claim|close|reopen answer with the conversation as it now is. */
export const ConversationResponse = z.object({ conversation: ConversationSummary });
export type ConversationResponse = z.infer<typeof ConversationResponse>;

/**
 * POST /api/conversations/:id/transfer : to a department (back to its queue, keeping the original
 * wait) or to an agent (assigned at once if they have capacity, else 409 capacity_reached). Exactly
 * one of departmentId and agentId. The note is stored as an internal note.
 */
export const TransferBody = z.object({
  departmentId: z.optional(Id),
  agentId: z.optional(Id),
  note: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.note))),
});
export type TransferBody = z.infer<typeof TransferBody>;

// ---------------------------------------------------------------- directory

export const AgentListItem = z.object({
  ...AgentBrief.shape,
  email: z.string(),
  role: Role,
  status: PresenceStatus,
  activeChats: z.number(),
  maxChats: z.number(),
  departmentIds: z.array(Id),
  active: z.boolean(),
});
export type AgentListItem = z.infer<typeof AgentListItem>;

/** GET /api/agents : colleagues, for presence and transfer. */
export const AgentListResponse = z.object({ items: z.array(AgentListItem) });
export type AgentListResponse = z.infer<typeof AgentListResponse>;

export const DepartmentListItem = z.object({
  ...DepartmentBrief.shape,
  siteId: z.nullable(Id),
  routing: z.enum(['MANUAL', 'ROUND_ROBIN', 'LEAST_BUSY']),
  queued: z.number(),
  onlineAgents: z.number(),
});
export type DepartmentListItem = z.infer<typeof DepartmentListItem>;

/** GET /api/departments */
export const DepartmentListResponse = z.object({ items: z.array(DepartmentListItem) });
export type DepartmentListResponse = z.infer<typeof DepartmentListResponse>;

export const SiteSummary = z.object({
  id: Id,
  name: z.string(),
  key: z.string(),
  allowedOrigins: z.array(z.string()),
  color: z.string(),
  greeting: z.string(),
  defaultDepartmentId: z.nullable(Id),
  /** The script tag to paste into the site's pages. */
  embedSnippet: z.string(),
});
export type SiteSummary = z.infer<typeof SiteSummary>;

/** GET /api/sites (admins) */
export const SiteListResponse = z.object({ items: z.array(SiteSummary) });
export type SiteListResponse = z.infer<typeof SiteListResponse>;

// ---------------------------------------------------------------- widget extras

/**
 * POST /api/widget/offline (CORS, like the session): the leave-a-message form shown when no agent of
 * the department is online or it is outside business hours. Becomes a conversation agents find in
 * the console's queue, with the visitor's email to answer by.
 */
export const OfflineMessageBody = z.object({
  siteKey: z.string().check(z.minLength(4), z.maxLength(64)),
  token: z.string().check(z.minLength(16), z.maxLength(256)),
  name: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.name))),
  email: Email,
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.messageText)),
  departmentId: z.optional(Id),
  clientMsgId: z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/)),
});
export type OfflineMessageBody = z.infer<typeof OfflineMessageBody>;

export const OfflineMessageResponse = z.object({ conversationId: Id });
export type OfflineMessageResponse = z.infer<typeof OfflineMessageResponse>;

/**
 * Uploads: POST /api/widget/attachments (visitor: `Authorization: Bearer <visitor token>`, to the
 * visitor's open conversation, starting one if needed) and POST /api/conversations/:id/attachments
 * (agent cookie). The body is the file's bytes; headers `x-file-name` (URI-encoded) and
 * `x-client-msg-id` (idempotency, like message.send). The server checks the type by content and the
 * size (LIMITS.attachmentBytes), stores the file, and adds a FILE message to the conversation; the
 * answer is the same `ack` a message.send gets.
 */
export const AttachmentUploadResponse = z.object({
  conversationId: Id,
  messageId: Id,
  seq: Seq,
  clientMsgId: z.string(),
  createdAt: Timestamp,
});
export type AttachmentUploadResponse = z.infer<typeof AttachmentUploadResponse>;

// ---------------------------------------------------------------- canned responses (agents)

export const CannedResponseItem = z.object({
  id: Id,
  shortcut: z.string(),
  title: z.string(),
  /** May contain {{visitor.name}}, {{visitor.email}}, {{agent.name}}, {{site.name}}; the console fills them in. */
  body: z.string(),
  departmentId: z.nullable(Id),
  siteId: z.nullable(Id),
});
export type CannedResponseItem = z.infer<typeof CannedResponseItem>;

/** GET /api/canned-responses : the global ones and those of the agent's departments. */
export const CannedResponseListResponse = z.object({ items: z.array(CannedResponseItem) });
export type CannedResponseListResponse = z.infer<typeof CannedResponseListResponse>;
