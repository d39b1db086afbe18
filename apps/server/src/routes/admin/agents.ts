import {
  AdminAgent,
  AdminAgentListResponse,
  AdminIdParams,
  AgentCreateBody,
  AgentCreateResponse,
  AgentDeactivateResponse,
  AgentPatchBody,
  PasswordResetBody,
  PasswordResetResponse,
} from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  activateAgent,
  createAgent,
  deactivateAgent,
  getAgent,
  listAgents,
  resetPassword,
  updateAgent,
} from '../../domain/admin/agents.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

const tags = ['admin: agents'];

/** Agents: create (password or invite link), role, departments, capacity, deactivate, password reset. */
const agentAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/api/admin/agents',
    { schema: { tags, response: { 200: AdminAgentListResponse, ...adminErrors } } },
    async () => ({ items: await listAgents(app) }),
  );

  app.get(
    '/api/admin/agents/:id',
    { schema: { tags, params: AdminIdParams, response: { 200: AdminAgent, ...adminErrors } } },
    async (request) => getAgent(app, request.params.id),
  );

  app.post(
    '/api/admin/agents',
    { schema: { tags, body: AgentCreateBody, response: { 201: AgentCreateResponse, ...adminErrors } } },
    async (request, reply) =>
      reply.code(201).send(await createAgent(app, app.mailer, agentOf(request).me.id, request.body)),
  );

  app.patch(
    '/api/admin/agents/:id',
    {
      schema: {
        tags,
        params: AdminIdParams,
        body: AgentPatchBody,
        response: { 200: AdminAgent, ...adminErrors },
      },
    },
    async (request) => updateAgent(app, agentOf(request).me.id, request.params.id, request.body),
  );

  app.post(
    '/api/admin/agents/:id/deactivate',
    { schema: { tags, params: AdminIdParams, response: { 200: AgentDeactivateResponse, ...adminErrors } } },
    async (request) => {
      const { me } = agentOf(request);
      return deactivateAgent(app, { id: me.id, name: me.name }, request.params.id);
    },
  );

  app.post(
    '/api/admin/agents/:id/activate',
    { schema: { tags, params: AdminIdParams, response: { 200: AgentDeactivateResponse, ...adminErrors } } },
    async (request) => ({
      agent: await activateAgent(app, agentOf(request).me.id, request.params.id),
      requeued: 0,
    }),
  );

  app.post(
    '/api/admin/agents/:id/reset-password',
    {
      schema: {
        tags,
        params: AdminIdParams,
        body: PasswordResetBody,
        response: { 200: PasswordResetResponse, ...adminErrors },
      },
    },
    async (request) => ({
      invite: await resetPassword(
        app,
        app.mailer,
        agentOf(request).me.id,
        request.params.id,
        request.body.password,
      ),
    }),
  );
  await Promise.resolve();
};
export default agentAdminRoutes;
