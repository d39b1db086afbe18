import {
  AdminIdParams,
  AdminSite,
  AdminSiteListResponse,
  IdentitySecretResponse,
  OkResponse,
  RotateSecretBody,
  SiteCreateBody,
  SiteListResponse,
  SitePatchBody,
  SiteSummary,
} from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createSite,
  deleteSite,
  getSite,
  identitySecret,
  listSites,
  rotateSecret,
  updateSite,
} from '../../domain/admin/sites.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

const tags = ['admin: sites'];

const summaryOf = (s: AdminSite): SiteSummary => ({
  id: s.id,
  name: s.name,
  key: s.key,
  allowedOrigins: s.allowedOrigins,
  color: s.color,
  greeting: s.greeting,
  defaultDepartmentId: s.defaultDepartmentId,
  embedSnippet: s.embedSnippet,
});

/** Sites that embed the widget: origins, look, language, pre-chat form, identity secret, embed snippet. */
const siteAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/api/admin/sites',
    { schema: { tags, response: { 200: AdminSiteListResponse, ...adminErrors } } },
    async () => ({ items: await listSites(app) }),
  );

  app.get(
    '/api/admin/sites/:id',
    { schema: { tags, params: AdminIdParams, response: { 200: AdminSite, ...adminErrors } } },
    async (request) => getSite(app, request.params.id),
  );

  app.post(
    '/api/admin/sites',
    { schema: { tags, body: SiteCreateBody, response: { 201: AdminSite, ...adminErrors } } },
    async (request, reply) =>
      reply.code(201).send(await createSite(app, agentOf(request).me.id, request.body)),
  );

  app.patch(
    '/api/admin/sites/:id',
    {
      schema: {
        tags,
        params: AdminIdParams,
        body: SitePatchBody,
        response: { 200: AdminSite, ...adminErrors },
      },
    },
    async (request) => updateSite(app, agentOf(request).me.id, request.params.id, request.body),
  );

  app.delete(
    '/api/admin/sites/:id',
    { schema: { tags, params: AdminIdParams, response: { 200: OkResponse, ...adminErrors } } },
    async (request) => {
      await deleteSite(app, agentOf(request).me.id, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/sites/:id/identity-secret',
    { schema: { tags, params: AdminIdParams, response: { 200: IdentitySecretResponse, ...adminErrors } } },
    async (request) => identitySecret(app, agentOf(request).me.id, request.params.id),
  );

  app.post(
    '/api/admin/sites/:id/rotate-secret',
    {
      schema: {
        tags,
        params: AdminIdParams,
        body: RotateSecretBody,
        response: { 200: IdentitySecretResponse, ...adminErrors },
      },
    },
    async (request) =>
      rotateSecret(app, agentOf(request).me.id, request.params.id, request.body.graceHours ?? 24),
  );

  // The first, smaller site routes; kept for clients and e2e journeys that use them.
  app.get(
    '/api/sites',
    { schema: { tags, response: { 200: SiteListResponse, ...adminErrors } } },
    async () => ({ items: (await listSites(app)).map(summaryOf) }),
  );

  app.patch(
    '/api/sites/:id',
    {
      schema: {
        tags,
        params: AdminIdParams,
        body: SitePatchBody,
        response: { 200: SiteSummary, ...adminErrors },
      },
    },
    async (request) =>
      summaryOf(await updateSite(app, agentOf(request).me.id, request.params.id, request.body)),
  );
  await Promise.resolve();
};
export default siteAdminRoutes;
