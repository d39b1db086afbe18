import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import {
  AgentBrief,
  ChatMessage,
  ConversationSummary,
  Email,
  Id,
  PersonName,
  PresenceStatus,
  Role,
  Timestamp,
} from './common.js';

/*
 * Administration REST API: bodies, queries and responses. Every route under /api/admin answers 401
 * without a session (or API token), 403 `forbidden` for a non-admin agent (or a token without the
 * `admin` scope), 400 `bad_request` with `fields` (one message per field) for a bad body or query,
 * 404 `not_found` for an unknown id, 409 `invalid_state` when the action conflicts with the data.
 * Every successful change writes an audit event (GET /api/admin/audit). Self-service routes live
 * under /api/me and need any signed-in agent.
 */

const trimmed = (max: number) => z.string().check(z.trim(), z.maxLength(max));
const required = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const IntIn = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));
/** Query-string integers arrive as text. */
const QueryInt = (min: number, max: number) =>
  z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));

/** A password an admin or agent sets: 8 to 200 characters. */
export const NewPassword = z.string().check(z.minLength(8), z.maxLength(200));
export type NewPassword = z.infer<typeof NewPassword>;

/** An IANA time zone such as "Europe/Paris" or "Asia/Shanghai" (checked against the runtime's list). */
export const TimeZone = z.string().check(
  z.minLength(1),
  z.maxLength(64),
  z.refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Paris'),
);
export type TimeZone = z.infer<typeof TimeZone>;

/** An absolute http(s) URL. */
export const HttpUrl = z.string().check(
  z.maxLength(LIMITS.url),
  z.refine((s) => /^https?:\/\/[^\s/]+/.test(s), 'must be an http(s) URL such as https://example.com/hook'),
);

/** Paging of long lists: pass the previous page's `nextCursor` to get the next (older) page. */
export const PageQuery = z.object({
  limit: z.optional(QueryInt(1, 200)),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** `:id` of every /api/admin/<things>/:id route. */
export const AdminIdParams = z.object({ id: Id });
export type AdminIdParams = z.infer<typeof AdminIdParams>;

// ---------------------------------------------------------------- departments

/** How a department's queue is served: agents claim (MANUAL), or the server assigns in turn or to the least busy. */
export const RoutingMode = z.enum(['MANUAL', 'ROUND_ROBIN', 'LEAST_BUSY']);
export type RoutingMode = z.infer<typeof RoutingMode>;

const HourMinute = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM'));
/** Opening intervals of one weekday, e.g. [["09:00","12:00"],["13:00","17:00"]]; each start before its end. */
export const DayHours = z.array(
  z.tuple([HourMinute, HourMinute]).check(z.refine(([a, b]) => a < b, 'must start before it ends')),
);
export type DayHours = z.infer<typeof DayHours>;

/**
 * Business hours in a named time zone. A weekday missing (or with no intervals) is closed. Outside
 * these hours the widget shows the department's offline message and the leave-a-message form.
 */
export const BusinessHours = z.object({
  timezone: TimeZone,
  days: z.object({
    mon: z.optional(DayHours),
    tue: z.optional(DayHours),
    wed: z.optional(DayHours),
    thu: z.optional(DayHours),
    fri: z.optional(DayHours),
    sat: z.optional(DayHours),
    sun: z.optional(DayHours),
  }),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

/** A department as the admin screens show it. `businessHours` null = always open. */
export const AdminDepartment = z.object({
  id: Id,
  name: z.string(),
  /** null: global, every site may route to it. */
  siteId: z.nullable(Id),
  description: z.string(),
  routing: RoutingMode,
  /** 0 = unlimited; when the queue is this long the widget offers the offline form instead. */
  maxQueue: z.number(),
  businessHours: z.nullable(BusinessHours),
  offlineMessage: z.string(),
  memberIds: z.array(Id),
  /** Conversations QUEUED or ACTIVE in it now. */
  openConversations: z.number(),
  createdAt: Timestamp,
});
export type AdminDepartment = z.infer<typeof AdminDepartment>;

/** GET /api/admin/departments : every department, by name. */
export const AdminDepartmentListResponse = z.object({ items: z.array(AdminDepartment) });
export type AdminDepartmentListResponse = z.infer<typeof AdminDepartmentListResponse>;

/** POST /api/admin/departments (201 AdminDepartment). Names are unique per site (409 otherwise). */
export const DepartmentCreateBody = z.object({
  name: required(LIMITS.name),
  siteId: z.optional(z.nullable(Id)),
  description: z.optional(trimmed(500)),
  routing: z.optional(RoutingMode),
  maxQueue: z.optional(IntIn(0, 10_000)),
  businessHours: z.optional(z.nullable(BusinessHours)),
  offlineMessage: z.optional(trimmed(1000)),
  memberIds: z.optional(z.array(Id).check(z.maxLength(1000))),
});
export type DepartmentCreateBody = z.infer<typeof DepartmentCreateBody>;

/** PATCH /api/admin/departments/:id : some or all fields; `memberIds` replaces the member list. Answers AdminDepartment. */
export const DepartmentPatchBody = z.partial(z.omit(DepartmentCreateBody, { siteId: true }));
export type DepartmentPatchBody = z.infer<typeof DepartmentPatchBody>;

/**
 * DELETE /api/admin/departments/:id?moveTo=<departmentId>. Its conversations must go somewhere (their
 * history stays): open ones are transferred to `moveTo` (back to its queue, keeping their wait, with
 * a "transferred" event), closed ones are re-filed under it. Without `moveTo` a department that has
 * any conversation is refused with 409 `invalid_state`. Sites whose default it was get `moveTo` (or
 * no default). Its canned responses are deleted with it.
 */
export const DepartmentDeleteQuery = z.object({ moveTo: z.optional(Id) });
export type DepartmentDeleteQuery = z.infer<typeof DepartmentDeleteQuery>;

export const DepartmentDeleteResponse = z.object({
  ok: z.literal(true),
  /** Open conversations transferred to `moveTo`. */
  movedOpen: z.number(),
  /** Closed conversations re-filed under `moveTo`. */
  movedClosed: z.number(),
});
export type DepartmentDeleteResponse = z.infer<typeof DepartmentDeleteResponse>;

// ---------------------------------------------------------------- agents

/** A link that lets an agent set their password (first sign-in or an admin's reset). */
export const InviteLink = z.object({
  /** `${PUBLIC_URL}/#/invite/<token>`: the console's page that sets the password. */
  url: z.string(),
  expiresAt: Timestamp,
  /** True when it went out by email (SMTP configured); otherwise show it for the admin to copy. */
  emailed: z.boolean(),
});
export type InviteLink = z.infer<typeof InviteLink>;

export const AdminAgent = z.object({
  ...AgentBrief.shape,
  email: z.string(),
  role: Role,
  maxChats: z.number(),
  activeChats: z.number(),
  /** false: deactivated, cannot sign in. */
  active: z.boolean(),
  departmentIds: z.array(Id),
  status: PresenceStatus,
  /** An unused, unexpired invite or reset link exists. */
  invitePending: z.boolean(),
  createdAt: Timestamp,
});
export type AdminAgent = z.infer<typeof AdminAgent>;

/** GET /api/admin/agents : every agent, active or not, by name. */
export const AdminAgentListResponse = z.object({ items: z.array(AdminAgent) });
export type AdminAgentListResponse = z.infer<typeof AdminAgentListResponse>;

/**
 * POST /api/admin/agents (201 AgentCreateResponse). With `password` the agent can sign in at once;
 * without it they get an invite link (valid 7 days) to set one. The email is unique (409 otherwise).
 */
export const AgentCreateBody = z.object({
  email: Email,
  name: PersonName,
  role: z.optional(Role),
  departmentIds: z.optional(z.array(Id).check(z.maxLength(200))),
  maxChats: z.optional(IntIn(1, 100)),
  password: z.optional(NewPassword),
});
export type AgentCreateBody = z.infer<typeof AgentCreateBody>;

export const AgentCreateResponse = z.object({ agent: AdminAgent, invite: z.nullable(InviteLink) });
export type AgentCreateResponse = z.infer<typeof AgentCreateResponse>;

/**
 * PATCH /api/admin/agents/:id : some or all fields; `departmentIds` replaces the list. An admin cannot take
 * away their own admin role (409). Answers AdminAgent.
 */
export const AgentPatchBody = z.object({
  name: z.optional(PersonName),
  email: z.optional(Email),
  role: z.optional(Role),
  departmentIds: z.optional(z.array(Id).check(z.maxLength(200))),
  maxChats: z.optional(IntIn(1, 100)),
});
export type AgentPatchBody = z.infer<typeof AgentPatchBody>;

/**
 * POST /api/admin/agents/:id/deactivate : the agent can no longer sign in; their sessions and API
 * tokens are revoked and their open sockets closed at once; their open conversations go back to
 * their departments' queues (keeping the visitors' wait). Not allowed on yourself (409).
 * POST /api/admin/agents/:id/activate undoes the sign-in block (answers the same shape, requeued 0).
 */
export const AgentDeactivateResponse = z.object({ agent: AdminAgent, requeued: z.number() });
export type AgentDeactivateResponse = z.infer<typeof AgentDeactivateResponse>;

/**
 * POST /api/admin/agents/:id/reset-password : with `password` it is set at once; without, a reset
 * link is made (emailed when SMTP is set). Either way the agent's sessions are revoked.
 */
export const PasswordResetBody = z.object({ password: z.optional(NewPassword) });
export type PasswordResetBody = z.infer<typeof PasswordResetBody>;

export const PasswordResetResponse = z.object({ invite: z.nullable(InviteLink) });
export type PasswordResetResponse = z.infer<typeof PasswordResetResponse>;

/** GET /api/invites/:token (no sign-in): who the invite or reset link is for, to greet them. 404 when unknown, used or expired. */
export const InviteInfoResponse = z.object({ email: z.string(), name: z.string(), expiresAt: Timestamp });
export type InviteInfoResponse = z.infer<typeof InviteInfoResponse>;

/** POST /api/invites/accept (console Origin, no sign-in): sets the password and uses the link up. Then sign in as usual. */
export const InviteAcceptBody = z.object({
  token: z.string().check(z.minLength(16), z.maxLength(200)),
  password: NewPassword,
});
export type InviteAcceptBody = z.infer<typeof InviteAcceptBody>;

export const InviteAcceptResponse = z.object({ email: z.string() });
export type InviteAcceptResponse = z.infer<typeof InviteAcceptResponse>;

// ---------------------------------------------------------------- self-service profile

/** PATCH /api/me : the signed-in agent's own name and avatar (null removes it). Answers MeResponse. */
export const ProfilePatchBody = z.object({
  name: z.optional(PersonName),
  avatarUrl: z.optional(z.nullable(HttpUrl)),
});
export type ProfilePatchBody = z.infer<typeof ProfilePatchBody>;

/**
 * POST /api/me/password : needs the current password (400 with fields.currentPassword when wrong).
 * The agent's other sessions are revoked. Answers OkResponse.
 */
export const PasswordChangeBody = z.object({
  currentPassword: z.string().check(z.minLength(1), z.maxLength(200)),
  newPassword: NewPassword,
});
export type PasswordChangeBody = z.infer<typeof PasswordChangeBody>;

// ---------------------------------------------------------------- API tokens

/**
 * What a token may do: `conversations:read` (GET routes outside /api/admin), `conversations:write`
 * (other methods outside /api/admin), `admin` (everything under /api/admin; only admins may hold it).
 * Tokens never manage tokens or passwords (/api/me/*): those need the console session.
 */
export const ApiScope = z.enum(['conversations:read', 'conversations:write', 'admin']);
export type ApiScope = z.infer<typeof ApiScope>;

export const ApiTokenItem = z.object({
  id: Id,
  name: z.string(),
  scopes: z.array(ApiScope),
  agent: AgentBrief,
  lastUsedAt: z.nullable(Timestamp),
  expiresAt: z.nullable(Timestamp),
  revokedAt: z.nullable(Timestamp),
  createdAt: Timestamp,
});
export type ApiTokenItem = z.infer<typeof ApiTokenItem>;

/** GET /api/me/tokens (own) and GET /api/admin/api-tokens (everyone's, admins). */
export const ApiTokenListResponse = z.object({ items: z.array(ApiTokenItem) });
export type ApiTokenListResponse = z.infer<typeof ApiTokenListResponse>;

/** POST /api/me/tokens (201 ApiTokenCreateResponse). Requests send `Authorization: Bearer <token>`. */
export const ApiTokenCreateBody = z.object({
  name: required(80),
  scopes: z.array(ApiScope).check(z.minLength(1), z.maxLength(3)),
  /** Omit for a token that does not expire. */
  expiresInDays: z.optional(IntIn(1, 3650)),
});
export type ApiTokenCreateBody = z.infer<typeof ApiTokenCreateBody>;

/** The token itself ("lct_..."), shown once; only its hash is stored. */
export const ApiTokenCreateResponse = z.object({ token: z.string(), item: ApiTokenItem });
export type ApiTokenCreateResponse = z.infer<typeof ApiTokenCreateResponse>;

/* DELETE /api/me/tokens/:id and DELETE /api/admin/api-tokens/:id revoke a token (OkResponse); it stops working at once. */

// ---------------------------------------------------------------- sites

export const WidgetPosition = z.enum(['right', 'left']);
export type WidgetPosition = z.infer<typeof WidgetPosition>;

/** The languages the widget ships. */
export const WidgetLocale = z.enum(['en', 'zh-CN']);
export type WidgetLocale = z.infer<typeof WidgetLocale>;

export const PreChatForm = z.object({
  enabled: z.boolean(),
  nameRequired: z.boolean(),
  emailRequired: z.boolean(),
  askDepartment: z.boolean(),
});
export type PreChatForm = z.infer<typeof PreChatForm>;

/** An origin is scheme://host[:port] with nothing after it, or "*" (any site may embed). */
export const OriginEntry = z
  .string()
  .check(
    z.refine(
      (s) => s === '*' || /^https?:\/\/[^/\s]+$/.test(s),
      'must be an origin such as https://shop.example.com',
    ),
  );

export const AdminSite = z.object({
  id: Id,
  name: z.string(),
  /** Public key in the embed snippet. */
  key: z.string(),
  allowedOrigins: z.array(z.string()),
  color: z.string(),
  position: WidgetPosition,
  launcherText: z.string(),
  greeting: z.string(),
  logoUrl: z.nullable(z.string()),
  locale: z.string(),
  preChat: PreChatForm,
  /** When true, identify() without a valid hash links nothing. */
  identityRequired: z.boolean(),
  /** After a rotation, the old secret is still accepted until then; null when there is none. */
  previousSecretUntil: z.nullable(Timestamp),
  defaultDepartmentId: z.nullable(Id),
  /** The script tag to paste into the site's pages. */
  embedSnippet: z.string(),
  createdAt: Timestamp,
});
export type AdminSite = z.infer<typeof AdminSite>;

/** GET /api/admin/sites */
export const AdminSiteListResponse = z.object({ items: z.array(AdminSite) });
export type AdminSiteListResponse = z.infer<typeof AdminSiteListResponse>;

/**
 * POST /api/admin/sites (201 AdminSite): a new key and identity secret are generated.
 * PATCH /api/admin/sites/:id: some or all fields (AdminSite); also PATCH /api/sites/:id (older, answers SiteSummary).
 * DELETE /api/admin/sites/:id: deletes its visitors, conversations and files; 409 while it has open
 * conversations or when it is the last site.
 */
export const SiteCreateBody = z.object({
  name: required(80),
  allowedOrigins: z.optional(z.array(OriginEntry).check(z.maxLength(50))),
  color: z.optional(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #2563eb'))),
  position: z.optional(WidgetPosition),
  launcherText: z.optional(trimmed(40)),
  greeting: z.optional(trimmed(500)),
  logoUrl: z.optional(z.nullable(HttpUrl)),
  locale: z.optional(WidgetLocale),
  preChat: z.optional(PreChatForm),
  identityRequired: z.optional(z.boolean()),
  /** Must be a global department or one of this site (400 otherwise); null clears it. */
  defaultDepartmentId: z.optional(z.nullable(Id)),
});
export type SiteCreateBody = z.infer<typeof SiteCreateBody>;

export const SitePatchBody = z.partial(SiteCreateBody);
export type SitePatchBody = z.infer<typeof SitePatchBody>;

/**
 * GET /api/admin/sites/:id/identity-secret : the secret the site's backend uses for
 * hash = hex(HMAC-SHA256(userId, secret)). Reading it is audited.
 */
export const IdentitySecretResponse = z.object({
  secret: z.string(),
  previousSecretUntil: z.nullable(Timestamp),
});
export type IdentitySecretResponse = z.infer<typeof IdentitySecretResponse>;

/**
 * POST /api/admin/sites/:id/rotate-secret : a new secret; the old one keeps working for
 * `graceHours` (default 24, 0 = stops at once). Answers IdentitySecretResponse with the new secret.
 */
export const RotateSecretBody = z.object({ graceHours: z.optional(IntIn(0, 24 * 30)) });
export type RotateSecretBody = z.infer<typeof RotateSecretBody>;

// ---------------------------------------------------------------- canned responses (admin CRUD)

/** The variables a canned response may contain; anything else in {{ }} is refused. */
export const CANNED_VARIABLES = ['visitor.name', 'visitor.email', 'agent.name', 'site.name'] as const;

const CannedBodyText = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(LIMITS.messageText),
  z.refine(
    (s) =>
      [...s.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].every((m) =>
        (CANNED_VARIABLES as readonly string[]).includes(m[1] ?? ''),
      ),
    `may only use the variables ${CANNED_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`,
  ),
);

/**
 * POST /api/admin/canned-responses (201 CannedResponseItem). No department = global. The shortcut is
 * what agents type after "/", unique within its department (or among the global ones): 409 otherwise.
 */
export const CannedCreateBody = z.object({
  shortcut: z
    .string()
    .check(z.trim(), z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be 1-32 lowercase letters, digits, - or _')),
  title: z.optional(trimmed(120)),
  body: CannedBodyText,
  departmentId: z.optional(z.nullable(Id)),
  siteId: z.optional(z.nullable(Id)),
});
export type CannedCreateBody = z.infer<typeof CannedCreateBody>;

/** PATCH /api/admin/canned-responses/:id : some or all fields (CannedResponseItem). DELETE answers OkResponse. */
export const CannedPatchBody = z.partial(CannedCreateBody);
export type CannedPatchBody = z.infer<typeof CannedPatchBody>;

/** GET /api/admin/canned-responses?departmentId=&global=true : all of them (CannedResponseListResponse), filtered. */
export const CannedListQuery = z.object({
  departmentId: z.optional(Id),
  /** "true": only the global ones. */
  global: z.optional(z.enum(['true', 'false'])),
});
export type CannedListQuery = z.infer<typeof CannedListQuery>;

// ---------------------------------------------------------------- reports

const IsoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  z.refine(
    (s) => !Number.isNaN(Date.parse(s)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'must be a real date',
  ),
);

/**
 * GET /api/admin/reports?from=2025-01-01&to=2025-01-31&timezone=Europe/Paris&departmentId=...
 * The period is [from 00:00, to 24:00) in `timezone` (default UTC), at most 366 days; conversations
 * count in the period they were created in. 400 when `to` is before `from`.
 */
export const ReportQuery = z.object({
  from: IsoDate,
  /** Inclusive. */
  to: IsoDate,
  timezone: z.optional(TimeZone),
  departmentId: z.optional(Id),
  siteId: z.optional(Id),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

/** Median and 90th percentile of durations, in ms; null when there is no sample. */
export const DurationStats = z.object({
  count: z.number(),
  medianMs: z.nullable(z.number()),
  p90Ms: z.nullable(z.number()),
});
export type DurationStats = z.infer<typeof DurationStats>;

export const CsatStats = z.object({
  count: z.number(),
  average: z.nullable(z.number()),
  /** Counts of ratings 1..5 (index 0 = rating 1). */
  distribution: z.array(z.number()),
});
export type CsatStats = z.infer<typeof CsatStats>;

export const AgentReportRow = z.object({
  agent: AgentBrief,
  /** Conversations of the period this agent claimed or was assigned (the current or last assignee). */
  conversations: z.number(),
  closed: z.number(),
  firstResponse: DurationStats,
  resolution: DurationStats,
  csat: CsatStats,
});
export type AgentReportRow = z.infer<typeof AgentReportRow>;

export const ReportResponse = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    timezone: z.string(),
    /** The period's bounds as instants. */
    startsAt: Timestamp,
    endsAt: Timestamp,
  }),
  conversations: z.number(),
  /** Left the queue unanswered: closed without ever being claimed or assigned. */
  missed: z.number(),
  closed: z.number(),
  /** Queue wait before the claim (or assignment). */
  wait: DurationStats,
  /** From creation to the first agent reply. */
  firstResponse: DurationStats,
  /** From creation to close. */
  resolution: DurationStats,
  csat: CsatStats,
  agents: z.array(AgentReportRow),
  /** One row per local day of the period. */
  daily: z.array(z.object({ date: z.string(), conversations: z.number(), missed: z.number() })),
  /** True when the period held more conversations than the server reads at once (the figures cover the first ones). */
  truncated: z.boolean(),
});
export type ReportResponse = z.infer<typeof ReportResponse>;

/**
 * GET /api/admin/reports/export.csv?...ReportQuery&table=conversations|agents|daily : text/csv
 * (UTF-8 with BOM, for spreadsheet apps). Durations in seconds, times in ISO 8601 in the timezone's offset.
 */
export const ReportExportQuery = z.object({
  ...ReportQuery.shape,
  table: z.optional(z.enum(['conversations', 'agents', 'daily'])),
});
export type ReportExportQuery = z.infer<typeof ReportExportQuery>;

// ---------------------------------------------------------------- webhooks

/** What a webhook can be told about. `webhook.test` is only sent by the test button. */
export const WebhookEventName = z.enum([
  'conversation.created',
  'conversation.claimed',
  'conversation.transferred',
  'conversation.closed',
  'message.created',
  'webhook.test',
]);
export type WebhookEventName = z.infer<typeof WebhookEventName>;

/**
 * The JSON body POSTed to a webhook's URL, with headers `X-Event: <event>`, `X-Delivery: <id>` and
 * `X-Signature: sha256=<hex HMAC-SHA256 of the raw body with the webhook's secret>`. Answer 2xx
 * within 10 s; anything else is retried with exponential backoff (8 attempts, 1 min doubling to ~1 h apart, about 2 hours in all),
 * then marked FAILED. Deliveries may repeat: dedupe by `id`.
 */
export const WebhookPayload = z.object({
  /** The delivery id (same on every retry). */
  id: Id,
  event: WebhookEventName,
  createdAt: Timestamp,
  conversation: z.nullable(ConversationSummary),
  /** message.created: the message (visitor or agent text/file; notes and events are not sent). */
  message: z.nullable(ChatMessage),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export const AdminWebhook = z.object({
  id: Id,
  url: z.string(),
  events: z.array(WebhookEventName),
  active: z.boolean(),
  createdAt: Timestamp,
  /** Deliveries of the last 24 hours by status, for a health badge. */
  recent: z.object({ delivered: z.number(), pending: z.number(), failed: z.number() }),
});
export type AdminWebhook = z.infer<typeof AdminWebhook>;

/** GET /api/admin/webhooks */
export const AdminWebhookListResponse = z.object({ items: z.array(AdminWebhook) });
export type AdminWebhookListResponse = z.infer<typeof AdminWebhookListResponse>;

/** POST /api/admin/webhooks (201 WebhookSecretResponse: the secret is shown only here and on rotation). */
export const WebhookCreateBody = z.object({
  url: HttpUrl,
  events: z.array(WebhookEventName).check(z.minLength(1), z.maxLength(10)),
  active: z.optional(z.boolean()),
});
export type WebhookCreateBody = z.infer<typeof WebhookCreateBody>;

/** PATCH /api/admin/webhooks/:id (AdminWebhook). DELETE /api/admin/webhooks/:id (OkResponse) drops its log too. */
export const WebhookPatchBody = z.partial(WebhookCreateBody);
export type WebhookPatchBody = z.infer<typeof WebhookPatchBody>;

/** POST /api/admin/webhooks (201) and POST /api/admin/webhooks/:id/rotate-secret (200). */
export const WebhookSecretResponse = z.object({ webhook: AdminWebhook, secret: z.string() });
export type WebhookSecretResponse = z.infer<typeof WebhookSecretResponse>;

export const DeliveryStatus = z.enum(['PENDING', 'DELIVERED', 'FAILED']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const WebhookDeliveryItem = z.object({
  id: Id,
  webhookId: Id,
  event: WebhookEventName,
  status: DeliveryStatus,
  attempts: z.number(),
  nextAttemptAt: z.nullable(Timestamp),
  lastStatusCode: z.nullable(z.number()),
  lastError: z.nullable(z.string()),
  createdAt: Timestamp,
  deliveredAt: z.nullable(Timestamp),
  /** The JSON body sent (a WebhookPayload). */
  payload: z.string(),
});
export type WebhookDeliveryItem = z.infer<typeof WebhookDeliveryItem>;

/** GET /api/admin/webhooks/:id/deliveries?limit&cursor&status : the delivery log, newest first. */
export const DeliveryListQuery = z.object({ ...PageQuery.shape, status: z.optional(DeliveryStatus) });
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;

export const DeliveryListResponse = z.object({
  items: z.array(WebhookDeliveryItem),
  nextCursor: z.nullable(z.string()),
});
export type DeliveryListResponse = z.infer<typeof DeliveryListResponse>;

/*
 * POST /api/admin/webhooks/:id/test : queues a `webhook.test` delivery now (202 WebhookDeliveryItem).
 * POST /api/admin/webhooks/:id/deliveries/:deliveryId/retry : a FAILED (or PENDING) delivery is tried
 * again at once with a fresh attempt budget (WebhookDeliveryItem).
 */
export const DeliveryParams = z.object({ id: Id, deliveryId: Id });
export type DeliveryParams = z.infer<typeof DeliveryParams>;

// ---------------------------------------------------------------- visitors (privacy)

export const AdminVisitor = z.object({
  id: Id,
  siteId: Id,
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  externalId: z.nullable(z.string()),
  blocked: z.boolean(),
  conversations: z.number(),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
});
export type AdminVisitor = z.infer<typeof AdminVisitor>;

/** GET /api/admin/visitors?q=&siteId=&blocked=true&limit&cursor : newest seen first; q matches name, email or user id. */
export const VisitorListQuery = z.object({
  ...PageQuery.shape,
  q: z.optional(trimmed(100)),
  siteId: z.optional(Id),
  blocked: z.optional(z.enum(['true', 'false'])),
});
export type VisitorListQuery = z.infer<typeof VisitorListQuery>;

export const VisitorListResponse = z.object({
  items: z.array(AdminVisitor),
  nextCursor: z.nullable(z.string()),
});
export type VisitorListResponse = z.infer<typeof VisitorListResponse>;

/**
 * PATCH /api/admin/visitors/:id {blocked} (AdminVisitor). A blocked visitor's open sockets are closed
 * at once, their open conversation is closed, and they cannot start a new one.
 */
export const VisitorPatchBody = z.object({ blocked: z.boolean() });
export type VisitorPatchBody = z.infer<typeof VisitorPatchBody>;

/**
 * DELETE /api/admin/visitors/:id : erasure (GDPR). The visitor, their sessions, conversations,
 * messages and uploaded files are deleted for good; an open conversation is closed first (freeing
 * its agent). The audit log keeps only the visitor's id.
 */
export const VisitorEraseResponse = z.object({
  ok: z.literal(true),
  conversations: z.number(),
  files: z.number(),
});
export type VisitorEraseResponse = z.infer<typeof VisitorEraseResponse>;

// ---------------------------------------------------------------- settings

/** GET /api/admin/settings/email : the SMTP settings without the password. `configured` false: email is off. */
export const EmailSettings = z.object({
  configured: z.boolean(),
  host: z.string(),
  port: z.number(),
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean(),
  user: z.string(),
  /** A password is stored (it is never sent back). */
  hasPassword: z.boolean(),
  /** The From address, e.g. "Support <support@example.com>". */
  from: z.string(),
});
export type EmailSettings = z.infer<typeof EmailSettings>;

/**
 * PUT /api/admin/settings/email (EmailSettings) turns email on with these settings; DELETE
 * /api/admin/settings/email (EmailSettings, configured false) turns it off. `password` omitted keeps
 * the stored one; "" removes it.
 */
export const EmailSettingsBody = z.object({
  host: required(255),
  port: IntIn(1, 65535),
  secure: z.optional(z.boolean()),
  user: z.optional(trimmed(255)),
  password: z.optional(z.string().check(z.maxLength(500))),
  from: required(320),
});
export type EmailSettingsBody = z.infer<typeof EmailSettingsBody>;

/** POST /api/admin/settings/email/test {to} : sends a test email now (OkResponse); 409 when email is off, 503 when the SMTP server refuses (message says why). */
export const EmailTestBody = z.object({ to: Email });
export type EmailTestBody = z.infer<typeof EmailTestBody>;

/**
 * GET / PUT /api/admin/settings/retention : closed conversations older than `retentionDays` (by
 * close time) are deleted with their messages and files by a background job (hourly). null = keep forever.
 */
export const RetentionSettings = z.object({ retentionDays: z.nullable(IntIn(1, 3650)) });
export type RetentionSettings = z.infer<typeof RetentionSettings>;

// ---------------------------------------------------------------- offline replies (agents)

/**
 * POST /api/conversations/:id/email-reply (any agent with access to the conversation): answers a
 * visitor who left an offline message (or is gone) by email. The text is stored in the conversation
 * as an internal note "Emailed reply". With SMTP set it is sent and `emailed` is true; without, the
 * answer carries what to copy into a mail client.
 */
export const EmailReplyBody = z.object({
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.messageText)),
  subject: z.optional(trimmed(200)),
});
export type EmailReplyBody = z.infer<typeof EmailReplyBody>;

export const EmailReplyResponse = z.object({
  emailed: z.boolean(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
});
export type EmailReplyResponse = z.infer<typeof EmailReplyResponse>;

// ---------------------------------------------------------------- audit log

export const AuditItem = z.object({
  id: Id,
  /** null: the system (a background job) or a since-deleted agent. */
  actor: z.nullable(z.object({ id: Id, name: z.string() })),
  /** "<thing>.<verb>", e.g. department.create, agent.deactivate, site.rotate_secret, visitor.erase. */
  action: z.string(),
  /** The id of what was acted on. */
  target: z.string(),
  /** What changed (never secrets or passwords). */
  details: z.record(z.string(), z.unknown()),
  createdAt: Timestamp,
});
export type AuditItem = z.infer<typeof AuditItem>;

/** GET /api/admin/audit?limit&cursor&action=&actorId= : newest first. */
export const AuditQuery = z.object({
  ...PageQuery.shape,
  action: z.optional(z.string().check(z.maxLength(64))),
  actorId: z.optional(Id),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditListResponse = z.object({
  items: z.array(AuditItem),
  nextCursor: z.nullable(z.string()),
});
export type AuditListResponse = z.infer<typeof AuditListResponse>;
