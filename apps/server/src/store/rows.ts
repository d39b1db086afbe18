import {
  Audience,
  AuthorKind,
  ChatEvent,
  ConversationStatus,
  MessageKind,
  type ChatMessage,
  type ConversationSummary,
} from '@livechat/protocol';
import { rowReader, type RowOf } from './row-reader.js';
import { fromSqlTime, fromSqlTimeOrNull } from './sql-time.js';

/* Rows read with raw SQL are parsed, never cast (row-reader.ts). */

export const MessageRow = rowReader('Message', {
  id: 'string',
  conversationId: 'string',
  seq: 'number',
  prevVisibleSeq: 'number',
  audience: Audience,
  authorKind: AuthorKind,
  authorId: 'string?',
  authorName: 'string?',
  kind: MessageKind,
  body: 'string',
  eventCode: 'string?',
  eventParams: 'string?',
  clientMsgId: 'string?',
  attachmentId: 'string?',
  createdAt: 'string',
});
export type MessageRow = RowOf<typeof MessageRow.shape>;

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

/** What a conversation's list entry shows of a message: its text's start, or an event's code. */
export function previewOf(m: Pick<StoredMessage, 'kind' | 'text' | 'event'>): string {
  return m.kind === 'EVENT' ? (m.event?.code ?? '') : m.text.slice(0, 200);
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

export const CountRow = rowReader('count', { n: 'number' });
export const WaitRow = rowReader('Conversation', { queuedAt: 'string', claimedAt: 'string' });
export const CountsRow = rowReader('counts', { queue: 'number', mine: 'number', all: 'number' });
export const IdRow = rowReader('id', { id: 'string' });
export const SessionExpiryRow = rowReader('VisitorSession', { id: 'string', expiresAt: 'string' });

/**
 * A conversation as the store works with it. Selected by name (`ConversationRow.columns`), not with
 * `*`: the row's other columns (the last message's text, the rating's comment...) would only be
 * read into strings and dropped.
 */
export const ConversationRow = rowReader('Conversation', {
  id: 'string',
  siteId: 'string',
  departmentId: 'string',
  visitorId: 'string',
  assigneeId: 'string?',
  status: ConversationStatus,
  lastSeq: 'number',
  lastVisibleSeq: 'number',
  openKey: 'string?',
  createdAt: 'string',
  queuedAt: 'string',
  claimedAt: 'string?',
  closedAt: 'string?',
  firstResponseAt: 'string?',
  visitorReadSeq: 'number',
  agentReadSeq: 'number',
  rating: 'number?',
});
export type ConversationRow = RowOf<typeof ConversationRow.shape>;

export const SummaryRow = rowReader('summary', {
  id: 'string',
  siteId: 'string',
  siteName: 'string',
  departmentId: 'string',
  departmentName: 'string',
  status: ConversationStatus,
  visitorId: 'string',
  visitorName: 'string?',
  visitorEmail: 'string?',
  visitorExternalId: 'string?',
  assigneeId: 'string?',
  assigneeName: 'string?',
  assigneeAvatar: 'string?',
  createdAt: 'string',
  queuedAt: 'string',
  claimedAt: 'string?',
  closedAt: 'string?',
  lastSeq: 'number',
  lastMessageAt: 'string',
  lastMessageText: 'string',
  lastMessageAuthorKind: AuthorKind,
  lastMessageKind: MessageKind,
  visitorReadSeq: 'number',
  rating: 'number?',
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
