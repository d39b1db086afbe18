import { ApiError, SiteListResponse, SiteSummary } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { DomainError } from '../domain/domain-error.js';
import { allowedOriginsOf, embedSnippet } from '../domain/sites.js';

const SiteParams = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });
/** An origin is scheme://host[:port] with nothing after it, or "*". */
const OriginEntry = z
  .string()
  .check(
    z.refine(
      (s) => s === '*' || /^https?:\/\/[^/\s]+$/.test(s),
      'must be an origin such as https://shop.example.com',
    ),
  );
const SitePatchBody = z.object({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
  allowedOrigins: z.optional(z.array(OriginEntry).check(z.maxLength(50))),
  color: z.optional(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #2563eb'))),
  greeting: z.optional(z.string().check(z.maxLength(500))),
});

/** Sites that embed the widget (admins). Full administration arrives with the admin issue. */
const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireAdmin);

  const summary = (s: {
    id: string;
    name: string;
    key: string;
    allowedOrigins: string;
    color: string;
    greeting: string;
    defaultDepartmentId: string | null;
  }): SiteSummary => ({
    id: s.id,
    name: s.name,
    key: s.key,
    allowedOrigins: allowedOriginsOf(s),
    color: s.color,
    greeting: s.greeting,
    defaultDepartmentId: s.defaultDepartmentId,
    embedSnippet: embedSnippet(app.env.publicUrl, s.key),
  });

  app.get(
    '/api/sites',
    { schema: { tags: ['sites'], response: { 200: SiteListResponse, 401: ApiError, 403: ApiError } } },
    async () => ({
      items: (await app.db.prisma.site.findMany({ orderBy: { createdAt: 'asc' } })).map(summary),
    }),
  );

  app.patch(
    '/api/sites/:id',
    {
      schema: {
        tags: ['sites'],
        params: SiteParams,
        body: SitePatchBody,
        response: { 200: SiteSummary, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const { allowedOrigins, ...rest } = request.body;
      const exists = await app.db.prisma.site.findUnique({ where: { id: request.params.id } });
      if (!exists) throw new DomainError('not_found', 'No such site');
      const site = await app.db.prisma.site.update({
        where: { id: request.params.id },
        data: { ...rest, ...(allowedOrigins ? { allowedOrigins: JSON.stringify(allowedOrigins) } : {}) },
      });
      await app.db.prisma.auditEvent.create({
        data: {
          actorId: request.agent?.me.id ?? null,
          action: 'site.update',
          target: site.id,
          details: JSON.stringify(request.body),
        },
      });
      return summary(site);
    },
  );
  await Promise.resolve();
};
export default siteRoutes;
