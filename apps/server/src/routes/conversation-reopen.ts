import { ApiError, ConversationIdParams, ConversationResponse } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { canAccessDepartment } from '../auth/agent-context.js';
import { DomainError } from '../domain/domain-error.js';
import { agentOf } from '../plugins/auth.js';
import { reopenByAgent } from '../store/conversation-reopen.js';

/**
 * POST /api/conversations/:id/reopen : an agent with access to its department puts a CLOSED
 * conversation back in the queue (event 'reopened' with byAgentName). 409 invalid_state when it is
 * not closed or the visitor already has another open conversation.
 */
const conversationReopenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/conversations/:id/reopen',
    {
      schema: {
        tags: ['conversations'],
        params: ConversationIdParams,
        response: { 200: ConversationResponse, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError },
      },
      onRequest: app.requireAgent,
    },
    async (request) => {
      const ctx = agentOf(request);
      const c = await app.store.get(request.params.id);
      if (!c) throw new DomainError('not_found', 'No such conversation');
      if (!canAccessDepartment(ctx, c.departmentId))
        throw new DomainError('forbidden', 'Not in your departments');
      const result = await reopenByAgent(app.store, c.id, {
        id: ctx.me.id,
        name: ctx.me.name,
      });
      await app.publisher.committed(result.events, c.id);
      const summary = await app.store.summary(c.id);
      if (!summary) throw new DomainError('not_found', 'No such conversation');
      return { conversation: summary };
    },
  );
  await Promise.resolve();
};
export default conversationReopenRoutes;
