import { AuditListResponse, AuditQuery } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listAudit } from '../../domain/admin/audit.js';
import { adminErrors } from './route-errors.js';

/** The audit log of admin actions, newest first. */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);
  app.get(
    '/api/admin/audit',
    {
      schema: {
        tags: ['admin: audit'],
        querystring: AuditQuery,
        response: { 200: AuditListResponse, ...adminErrors },
      },
    },
    async (request) => listAudit(app.db.prisma, request.query),
  );
  await Promise.resolve();
};
export default auditRoutes;
