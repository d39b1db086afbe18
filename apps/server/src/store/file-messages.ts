import { LIMITS } from '@livechat/protocol';
import { DomainError } from '../domain/domain-error.js';
import type { AgentRef, ConversationStore, SendResult, StoreTx } from './conversation-store.js';
import { newId } from './ids.js';
import { rowReader, type RowOf } from './row-reader.js';
import { CountRow, type StoredMessage } from './rows.js';
import { toSqlTime } from './sql-time.js';
import type { VisitorConversations } from './visitor-conversation.js';

export const AttachmentRow = rowReader('Attachment', {
  id: 'string',
  conversationId: 'string',
  fileName: 'string',
  contentType: 'string',
  size: 'number',
  storageKey: 'string',
});
export type AttachmentRow = RowOf<typeof AttachmentRow.shape>;

export type StoredFile = { fileName: string; contentType: string; size: number; storageKey: string };

/**
 * FILE messages: the Attachment row and its message in one job, so a file is either in the stream
 * with its row or nowhere (the bytes written before are removed by the caller when nothing was
 * stored). The per-visitor quota is checked inside the job: jobs are serialized, so two concurrent
 * uploads cannot both slip under it.
 */
const Q = {
  insertAttachment: `INSERT INTO "Attachment" (id, conversationId, uploaderKind, uploaderId, fileName,
    contentType, size, storageKey, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  linkMessage: 'UPDATE "Message" SET attachmentId = ? WHERE id = ?',
  usedBy: `SELECT COALESCE(SUM(size), 0) AS n FROM "Attachment" WHERE uploaderKind = 'VISITOR' AND uploaderId = ?`,
  byId: 'SELECT * FROM "Attachment" WHERE id = ?',
  firstResponse: 'UPDATE "Conversation" SET firstResponseAt = ? WHERE id = ? AND firstResponseAt IS NULL',
} as const;

export class FileMessages {
  private readonly visitorConversations: VisitorConversations;

  constructor(private readonly store: ConversationStore) {
    this.visitorConversations = store.visitorConversations;
  }

  /** A visitor's file: to the open conversation, else like a first message (reopen or start). */
  addVisitorFile(input: {
    siteId: string;
    visitorId: string;
    visitorName: string | null;
    departmentId: string;
    clientMsgId: string;
    file: StoredFile;
  }): Promise<SendResult> {
    return this.store.notifyQueue(
      this.store.write(async (tx) => {
        const now = Date.now();
        const target = await this.visitorConversations.target(tx, { ...input, now });
        if (target.duplicate) return target.duplicate;
        const used = CountRow.parse(await tx.get(Q.usedBy, [input.visitorId])).n;
        if (used + input.file.size > LIMITS.visitorQuotaBytes) {
          throw new DomainError(
            'frame_too_large',
            `Your uploads are limited to ${LIMITS.visitorQuotaBytes / 1024 / 1024} MB in all`,
          );
        }
        const message = await this.insert(
          tx,
          target.conversation.id,
          { kind: 'VISITOR', id: input.visitorId, name: input.visitorName },
          input.clientMsgId,
          input.file,
          now,
        );
        return {
          message,
          events: target.events,
          conversation: await this.store.mustGet(tx, target.conversation.id),
          duplicate: false,
          created: target.created,
        };
      }),
      (r) => r.created || r.events.length > 0,
    );
  }

  /** An agent's file: like a reply, only by the assignee of an ACTIVE conversation. */
  addAgentFile(input: {
    conversationId: string;
    agent: AgentRef;
    clientMsgId: string;
    file: StoredFile;
  }): Promise<SendResult> {
    return this.store.write(async (tx) => {
      const now = Date.now();
      const c = await this.store.mustGet(tx, input.conversationId);
      const duplicate = await this.store.duplicateOf(tx, c, input.clientMsgId);
      if (duplicate) return duplicate;
      if (c.status !== 'ACTIVE')
        throw new DomainError('invalid_state', 'Claim the conversation before replying');
      if (c.assigneeId !== input.agent.id)
        throw new DomainError('forbidden', 'Only the assigned agent can reply');
      const message = await this.insert(
        tx,
        c.id,
        { kind: 'AGENT', id: input.agent.id, name: input.agent.name },
        input.clientMsgId,
        input.file,
        now,
      );
      return {
        message,
        events: [],
        conversation: await this.store.mustGet(tx, c.id),
        duplicate: false,
        created: false,
      };
    });
  }

  async get(id: string): Promise<AttachmentRow | null> {
    const raw = await this.store.sql.get(Q.byId, [id]);
    return raw === undefined ? null : AttachmentRow.parse(raw);
  }

  /** The attachments of a page of messages, in one query. */
  async forMessages(messages: StoredMessage[]): Promise<Map<string, AttachmentRow>> {
    const ids = [...new Set(messages.flatMap((m) => (m.attachmentId ? [m.attachmentId] : [])))];
    if (ids.length === 0) return new Map();
    const rows = (
      await this.store.sql.all(
        `SELECT * FROM "Attachment" WHERE id IN (${ids.map(() => '?').join(',')})`,
        ids,
      )
    ).map((raw) => AttachmentRow.parse(raw));
    return new Map(rows.map((r) => [r.id, r]));
  }

  private async insert(
    tx: StoreTx,
    conversationId: string,
    by: { kind: 'VISITOR' | 'AGENT'; id: string; name: string | null },
    clientMsgId: string,
    file: StoredFile,
    now: number,
  ): Promise<StoredMessage> {
    const attachmentId = newId();
    await tx.run(Q.insertAttachment, [
      attachmentId,
      conversationId,
      by.kind,
      by.id,
      file.fileName,
      file.contentType,
      file.size,
      file.storageKey,
      toSqlTime(now),
    ]);
    const message = await this.store.insertMessage(
      tx,
      conversationId,
      {
        audience: 'ALL',
        authorKind: by.kind,
        authorId: by.id,
        authorName: by.name,
        kind: 'FILE',
        text: file.fileName,
        clientMsgId,
      },
      now,
    );
    await tx.run(Q.linkMessage, [attachmentId, message.id]);
    // An agent's file is a reply: it counts as the first response, as a text reply does.
    if (by.kind === 'AGENT') await tx.run(Q.firstResponse, [toSqlTime(now), conversationId]);
    return { ...message, attachmentId };
  }
}
