import {
  AdminIdParams,
  CannedCreateBody,
  CannedListQuery,
  CannedPatchBody,
  CannedResponseItem,
  CannedResponseListResponse,
  OkResponse,
} from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createCanned, deleteCanned, listCanned, updateCanned } from '../../domain/admin/canned.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

const tags = ['admin: canned responses'];

/** Canned responses, global or per department, with {{visitor.name}}-style variables. */
const cannedAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/api/admin/canned-responses',
    {
      schema: {
        tags,
        querystring: CannedListQuery,
        response: { 200: CannedResponseListResponse, ...adminErrors },
      },
    },
    async (request) => ({ items: await listCanned(app, request.query) }),
  );

  app.post(
    '/api/admin/canned-responses',
    { schema: { tags, body: CannedCreateBody, response: { 201: CannedResponseItem, ...adminErrors } } },
    async (request, reply) =>
      reply.code(201).send(await createCanned(app, agentOf(request).me.id, request.body)),
  );

  app.patch(
    '/api/admin/canned-responses/:id',
    {
      schema: {
        tags,
        params: AdminIdParams,
        body: CannedPatchBody,
        response: { 200: CannedResponseItem, ...adminErrors },
      },
    },
    async (request) => updateCanned(app, agentOf(request).me.id, request.params.id, request.body),
  );

  app.delete(
    '/api/admin/canned-responses/:id',
    { schema: { tags, params: AdminIdParams, response: { 200: OkResponse, ...adminErrors } } },
    async (request) => {
      await deleteCanned(app, agentOf(request).me.id, request.params.id);
      return { ok: true as const };
    },
  );
  await Promise.resolve();
};
export default cannedAdminRoutes;
