import { AdminIdParams, ApiTokenListResponse, OkResponse } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiTokenItem } from '../../domain/admin/api-tokens.js';
import { audit } from '../../domain/admin/audit.js';
import { DomainError } from '../../domain/domain-error.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

const tags = ['admin: integrations'];

/** Every agent's API tokens, for admins to review and revoke. */
const apiTokenAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);
  const include = { agent: { select: { id: true, name: true, avatarUrl: true } } } as const;

  app.get(
    '/api/admin/api-tokens',
    { schema: { tags, response: { 200: ApiTokenListResponse, ...adminErrors } } },
    async () => ({
      items: (await app.db.prisma.apiToken.findMany({ include, orderBy: { createdAt: 'desc' } })).map(
        apiTokenItem,
      ),
    }),
  );

  app.delete(
    '/api/admin/api-tokens/:id',
    { schema: { tags, params: AdminIdParams, response: { 200: OkResponse, ...adminErrors } } },
    async (request) => {
      const row = await app.db.prisma.apiToken.findUnique({ where: { id: request.params.id } });
      if (!row) throw new DomainError('not_found', 'No such token');
      await app.db.prisma.apiToken.update({
        where: { id: row.id },
        data: { revokedAt: row.revokedAt ?? new Date() },
      });
      await audit(app.db.prisma, agentOf(request).me.id, 'api_token.revoke', row.id, {
        name: row.name,
        agentId: row.agentId,
      });
      return { ok: true as const };
    },
  );
  await Promise.resolve();
};
export default apiTokenAdminRoutes;
