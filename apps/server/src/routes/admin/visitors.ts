import {
  AdminIdParams,
  AdminVisitor,
  VisitorEraseResponse,
  VisitorListQuery,
  VisitorListResponse,
  VisitorPatchBody,
} from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eraseVisitor, listVisitors, setBlocked } from '../../domain/admin/visitors.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

const tags = ['admin: visitors'];

/** Visitors' data: find, block, erase (GDPR). */
const visitorAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/api/admin/visitors',
    {
      schema: { tags, querystring: VisitorListQuery, response: { 200: VisitorListResponse, ...adminErrors } },
    },
    async (request) => listVisitors(app, request.query),
  );

  app.patch(
    '/api/admin/visitors/:id',
    {
      schema: {
        tags,
        params: AdminIdParams,
        body: VisitorPatchBody,
        response: { 200: AdminVisitor, ...adminErrors },
      },
    },
    async (request) => setBlocked(app, agentOf(request).me.id, request.params.id, request.body.blocked),
  );

  app.delete(
    '/api/admin/visitors/:id',
    { schema: { tags, params: AdminIdParams, response: { 200: VisitorEraseResponse, ...adminErrors } } },
    async (request) => eraseVisitor(app, agentOf(request).me.id, request.params.id),
  );
  await Promise.resolve();
};
export default visitorAdminRoutes;
