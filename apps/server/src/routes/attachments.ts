import { createReadStream } from 'node:fs';
import {
  ApiError,
  AttachmentUploadResponse,
  ClientMsgId,
  ConversationIdParams,
  Id,
  LIMITS,
} from '@livechat/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { canAccessDepartment } from '../auth/agent-context.js';
import { DomainError } from '../domain/domain-error.js';
import { sanitizeFileName, servedInline, sniffUpload } from '../domain/file-types.js';
import { agentOf } from '../plugins/auth.js';
import type { SendResult } from '../store/conversation-store.js';
import type { StoredFile } from '../store/file-messages.js';
import { visitorFromBearer, type VisitorCaller } from './visitor-auth.js';

const UploadQuery = z.object({ departmentId: z.optional(Id) });
const FileQuery = z.object({
  exp: z.coerce.number().check(z.int()),
  sig: z.string().check(z.maxLength(100)),
});
const uploadErrors = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  409: ApiError,
  413: ApiError,
  415: ApiError,
};
/** Uploads per IP per minute (each is up to LIMITS.attachmentBytes). */
const UPLOADS_PER_MIN = 30;

/**
 * Attachments: uploads by visitors (Bearer visitor token) and agents (cookie + console Origin), and
 * the signed, expiring download URL. Its own plugin scope: the raw-bytes body parser applies only here.
 */
const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  // Callers are authenticated in onRequest, before up to 10 MB of body is read.
  const visitors = new WeakMap<FastifyRequest, VisitorCaller>();

  // The body is the file: every content type is taken as bytes (the content decides the type).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: LIMITS.attachmentBytes },
    (_request, body, done) => done(null, body),
  );
  app.setErrorHandler((error, _request, reply) => {
    if (isBodyTooLarge(error)) {
      return reply.code(413).send({
        error: {
          code: 'frame_too_large',
          message: `Files are limited to ${LIMITS.attachmentBytes / 1024 / 1024} MB`,
        },
      } satisfies ApiError);
    }
    throw error; // to the app's handler (ApiError JSON)
  });

  /** Sniffs and writes the upload; the caller stores it (or removes it when nothing was stored). */
  const received = async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body;
    if (!(body instanceof Buffer)) throw new DomainError('bad_request', 'Send the file as the request body');
    const clientMsgId = ClientMsgId.safeParse(request.headers['x-client-msg-id']);
    if (!clientMsgId.success) throw new DomainError('bad_request', 'x-client-msg-id is missing or not valid');
    const rawName = request.headers['x-file-name'];
    const fileName = sanitizeFileName(typeof rawName === 'string' ? rawName : undefined);
    const sniffed = await sniffUpload(body, fileName);
    if (!sniffed.ok) {
      await reply
        .code(415)
        .send({ error: { code: 'bad_request', message: sniffed.reason } } satisfies ApiError);
      return null;
    }
    const storageKey = await app.files.save(body);
    const file: StoredFile = { fileName, contentType: sniffed.contentType, size: body.length, storageKey };
    return { clientMsgId: clientMsgId.data, file };
  };

  /** Runs the store job; the written bytes are removed when it stored nothing (duplicate, refusal). */
  const stored = async (file: StoredFile, job: () => Promise<SendResult>) => {
    let result: SendResult;
    try {
      result = await job();
    } catch (error) {
      await app.files.remove(file.storageKey);
      throw error;
    }
    if (result.duplicate) await app.files.remove(file.storageKey);
    else {
      const messages = await app.files.withAttachments([...result.events, result.message]);
      await app.publisher.committed(messages, result.conversation.id, { row: result.conversation });
    }
    const { message } = result;
    return {
      conversationId: result.conversation.id,
      messageId: message.id,
      seq: message.seq,
      clientMsgId: message.clientMsgId ?? '',
      createdAt: message.createdAt,
    };
  };

  app.post(
    '/api/widget/attachments',
    {
      schema: {
        tags: ['widget'],
        querystring: UploadQuery,
        response: { 200: AttachmentUploadResponse, ...uploadErrors },
      },
      config: { rateLimit: { max: UPLOADS_PER_MIN, timeWindow: '1 minute' } },
      onRequest: async (request, reply) => {
        const origin = request.headers.origin;
        if (origin) void reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin');
        visitors.set(request, await visitorFromBearer(app, request));
      },
    },
    async (request, reply) => {
      const visitor = visitors.get(request);
      if (!visitor) throw new DomainError('unauthorized', 'A visitor token is required');
      const upload = await received(request, reply);
      if (!upload) return reply;
      const { departmentId } = request.query;
      return stored(upload.file, () =>
        app.files.messages.addVisitorFile({
          siteId: visitor.siteId,
          visitorId: visitor.id,
          visitorName: visitor.name,
          departmentId:
            departmentId && visitor.departmentIds.includes(departmentId)
              ? departmentId
              : visitor.defaultDepartmentId,
          clientMsgId: upload.clientMsgId,
          file: upload.file,
        }),
      );
    },
  );

  app.post(
    '/api/conversations/:id/attachments',
    {
      schema: {
        tags: ['conversations'],
        params: ConversationIdParams,
        response: { 200: AttachmentUploadResponse, ...uploadErrors },
      },
      config: { rateLimit: { max: UPLOADS_PER_MIN, timeWindow: '1 minute' } },
      onRequest: app.requireAgent,
    },
    async (request, reply) => {
      const ctx = agentOf(request);
      const c = await app.store.get(request.params.id);
      if (!c) throw new DomainError('not_found', 'No such conversation');
      if (!canAccessDepartment(ctx, c.departmentId))
        throw new DomainError('forbidden', 'Not in your departments');
      const upload = await received(request, reply);
      if (!upload) return reply;
      return stored(upload.file, () =>
        app.files.messages.addAgentFile({
          conversationId: c.id,
          agent: { id: ctx.me.id, name: ctx.me.name },
          clientMsgId: upload.clientMsgId,
          file: upload.file,
        }),
      );
    },
  );

  app.get(
    '/api/files/:id',
    {
      schema: {
        tags: ['files'],
        description:
          'A file by its signed URL (from ChatMessage.attachment.url). 403 when the signature is wrong or expired.',
        params: z.object({ id: Id }),
        querystring: FileQuery,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { exp, sig } = request.query;
      if (!app.files.signer.verify(id, exp, sig)) {
        throw new DomainError('forbidden', 'This link is not valid or has expired; reopen the chat');
      }
      const row = await app.files.messages.get(id);
      if (!row) throw new DomainError('not_found', 'No such file');
      const inline = servedInline(row.contentType);
      return reply
        .header(
          'Content-Type',
          row.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : row.contentType,
        )
        .header('Content-Length', String(row.size))
        .header('Content-Disposition', contentDisposition(inline, row.fileName))
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "sandbox; default-src 'none'")
        .header('Cross-Origin-Resource-Policy', 'same-site')
        .header('Cache-Control', `private, max-age=${Math.max(0, Math.floor((exp - Date.now()) / 1000))}`)
        .send(createReadStream(app.files.pathOf(row.storageKey)));
    },
  );
  await Promise.resolve();
};
export default attachmentRoutes;

function isBodyTooLarge(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
  );
}

/** RFC 6266: an ASCII fallback name plus the UTF-8 one (RFC 5987). */
function contentDisposition(inline: boolean, fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
