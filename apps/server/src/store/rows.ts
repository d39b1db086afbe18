import * as z from 'zod/mini';
import {
  Audience,
  AuthorKind,
  ChatEvent,
  ConversationStatus,
  MessageKind,
  type ChatMessage,
  type ConversationSummary,
} from '@livechat/protocol';
import { fromSqlTime, fromSqlTimeOrNull } from './sql-time.js';

/*
 * Rows read with raw SQL are parsed, never cast: the database is outside the type system.
 */

export const MessageRow = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number(),
  prevVisibleSeq: z.number(),
  audience: Audience,
  authorKind: AuthorKind,
  authorId: z.nullable(z.string()),
  authorName: z.nullable(z.string()),
  kind: MessageKind,
  body: z.string(),
  eventCode: z.nullable(z.string()),
  eventParams: z.nullable(z.string()),
  clientMsgId: z.nullable(z.string()),
  attachmentId: z.optional(z.nullable(z.string())),
  createdAt: z.string(),
});
export type MessageRow = z.infer<typeof MessageRow>;

/**
 * A committed message, independent of who receives it. `attachmentId` names the Attachment of a FILE
 * message; `attachment` (with its signed URL) is filled in when the message is sent, never stored.
 */
export type StoredMessage = Omit<ChatMessage, 'prevSeq'> & {
  prevVisibleSeq: number;
  attachmentId?: string | null;
};

export function storedMessage(raw: unknown): StoredMessage {
  const row = MessageRow.parse(raw);
  const event =
    row.eventCode === null
      ? null
      : ChatEvent.parse({ code: row.eventCode, params: parseJson(row.eventParams ?? '{}') });
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    prevVisibleSeq: row.prevVisibleSeq,
    audience: row.audience,
    authorKind: row.authorKind,
    authorId: row.authorId,
    authorName: row.authorName,
    kind: row.kind,
    text: row.body,
    event,
    clientMsgId: row.clientMsgId,
    ...(row.attachmentId ? { attachmentId: row.attachmentId } : {}),
    createdAt: fromSqlTime(row.createdAt),
  };
}

/**
 * The message as one audience sees it: agents see every seq (prevSeq = seq - 1); visitors only ALL
 * messages, chained by prevVisibleSeq (DESIGN.md delivery semantics 3).
 */
export function messageFor(m: StoredMessage, viewer: 'visitor' | 'agent'): ChatMessage {
  // attachmentId is internal: clients get `attachment` (filled by FileService.withAttachments).
  const { prevVisibleSeq, attachmentId: _internal, ...rest } = m;
  return { ...rest, prevSeq: viewer === 'visitor' ? prevVisibleSeq : m.seq - 1 };
}

function parseJson(text: string): unknown {
  return JSON.parse(text);
}

export const CountRow = z.object({ n: z.number() });
export const WaitRow = z.object({ queuedAt: z.string(), claimedAt: z.string() });
export const CountsRow = z.object({ queue: z.number(), mine: z.number(), all: z.number() });

export const ConversationRow = z.object({
  id: z.string(),
  siteId: z.string(),
  departmentId: z.string(),
  visitorId: z.string(),
  assigneeId: z.nullable(z.string()),
  status: ConversationStatus,
  lastSeq: z.number(),
  lastVisibleSeq: z.number(),
  openKey: z.nullable(z.string()),
  createdAt: z.string(),
  queuedAt: z.string(),
  claimedAt: z.nullable(z.string()),
  closedAt: z.nullable(z.string()),
  firstResponseAt: z.nullable(z.string()),
  visitorReadSeq: z.number(),
  agentReadSeq: z.number(),
  rating: z.nullable(z.number()),
});
export type ConversationRow = z.infer<typeof ConversationRow>;

export const SummaryRow = z.object({
  id: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  status: ConversationStatus,
  visitorId: z.string(),
  visitorName: z.nullable(z.string()),
  visitorEmail: z.nullable(z.string()),
  visitorExternalId: z.nullable(z.string()),
  assigneeId: z.nullable(z.string()),
  assigneeName: z.nullable(z.string()),
  assigneeAvatar: z.nullable(z.string()),
  createdAt: z.string(),
  queuedAt: z.string(),
  claimedAt: z.nullable(z.string()),
  closedAt: z.nullable(z.string()),
  lastSeq: z.number(),
  lastMessageAt: z.string(),
  lastMessageText: z.string(),
  lastMessageAuthorKind: AuthorKind,
  lastMessageKind: MessageKind,
  visitorReadSeq: z.number(),
  rating: z.nullable(z.number()),
});

export const SUMMARY_SELECT = `
SELECT c.id, c.siteId, s.name AS siteName, c.departmentId, d.name AS departmentName, c.status,
  c.visitorId, v.name AS visitorName, v.email AS visitorEmail, v.externalId AS visitorExternalId,
  c.assigneeId, a.name AS assigneeName, a.avatarUrl AS assigneeAvatar,
  c.createdAt, c.queuedAt, c.claimedAt, c.closedAt, c.lastSeq, c.lastMessageAt, c.lastMessageText,
  c.lastMessageAuthorKind, c.lastMessageKind, c.visitorReadSeq, c.rating
FROM "Conversation" c
JOIN "Site" s ON s.id = c.siteId
JOIN "Department" d ON d.id = c.departmentId
JOIN "Visitor" v ON v.id = c.visitorId
LEFT JOIN "Agent" a ON a.id = c.assigneeId`;

export function summaryFromRow(raw: unknown): ConversationSummary {
  const r = SummaryRow.parse(raw);
  return {
    id: r.id,
    siteId: r.siteId,
    siteName: r.siteName,
    department: { id: r.departmentId, name: r.departmentName },
    status: r.status,
    visitor: {
      id: r.visitorId,
      name: r.visitorName,
      email: r.visitorEmail,
      verified: r.visitorExternalId !== null,
    },
    assignee:
      r.assigneeId === null
        ? null
        : { id: r.assigneeId, name: r.assigneeName ?? '', avatarUrl: r.assigneeAvatar },
    createdAt: fromSqlTime(r.createdAt),
    queuedAt: fromSqlTime(r.queuedAt),
    claimedAt: fromSqlTimeOrNull(r.claimedAt),
    closedAt: fromSqlTimeOrNull(r.closedAt),
    lastSeq: r.lastSeq,
    lastMessage:
      r.lastSeq === 0
        ? null
        : {
            text: r.lastMessageText,
            authorKind: r.lastMessageAuthorKind,
            kind: r.lastMessageKind,
            createdAt: fromSqlTime(r.lastMessageAt),
          },
    visitorReadSeq: r.visitorReadSeq,
    rating: r.rating,
  };
}
