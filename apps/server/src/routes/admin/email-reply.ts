import { ConversationIdParams, EmailReplyBody, EmailReplyResponse } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { canAccessDepartment } from '../../auth/agent-context.js';
import { newId } from '../../store/ids.js';
import { DomainError } from '../../domain/domain-error.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

/**
 * Answers a visitor by email (offline messages): sent when SMTP is set, otherwise returned to copy.
 * Kept as an internal note so colleagues see what was answered.
 */
const emailReplyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAgent);
  app.post(
    '/api/conversations/:id/email-reply',
    {
      schema: {
        tags: ['conversations'],
        params: ConversationIdParams,
        body: EmailReplyBody,
        response: { 200: EmailReplyResponse, ...adminErrors, 503: adminErrors[400] },
      },
    },
    async (request) => {
      const ctx = agentOf(request);
      const c = await app.store.get(request.params.id);
      if (!c) throw new DomainError('not_found', 'No such conversation');
      if (!canAccessDepartment(ctx, c.departmentId))
        throw new DomainError('forbidden', 'Not in your departments');
      const visitor = await app.db.prisma.visitor.findUnique({
        where: { id: c.visitorId },
        include: { site: true },
      });
      if (!visitor?.email) throw new DomainError('invalid_state', 'The visitor left no email address');
      const subject = request.body.subject ?? `Re: your message to ${visitor.site.name}`;
      const text = request.body.text;
      const emailed = await app.mailer.send({ to: visitor.email, subject, text });
      if (c.status !== 'CLOSED') {
        const result = await app.store.sendAgentMessage({
          conversationId: c.id,
          agent: { id: ctx.me.id, name: ctx.me.name },
          clientMsgId: `email_${newId()}`,
          text: `${emailed ? 'Emailed reply' : 'Reply to send by email'}:\n${text}`,
          note: true,
        });
        await app.publisher.committed([result.message], c.id);
      }
      return { emailed, to: visitor.email, subject, text };
    },
  );
  await Promise.resolve();
};
export default emailReplyRoutes;
