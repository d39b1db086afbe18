import { ApiError, CannedResponseListResponse } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { agentOf } from '../plugins/auth.js';

const CannedQuery = z.object({ q: z.optional(z.string().check(z.trim(), z.maxLength(100))) });

/** Most canned responses an agent gets at once (the console filters as the agent types). */
const LIMIT = 500;

/**
 * GET /api/canned-responses : what an agent may insert: the global ones (no department) and those
 * of the agent's departments (admins: all). `q` is a case-insensitive substring of shortcut, title
 * or body. Admins manage them through the admin API.
 */
const cannedResponseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/canned-responses',
    {
      schema: {
        tags: ['canned responses'],
        querystring: CannedQuery,
        response: { 200: CannedResponseListResponse, 401: ApiError },
      },
      onRequest: app.requireAgent,
    },
    async (request) => {
      const ctx = agentOf(request);
      const rows = await app.db.prisma.cannedResponse.findMany({
        where:
          ctx.departmentIds === null
            ? {}
            : { OR: [{ departmentId: null }, { departmentId: { in: ctx.departmentIds } }] },
        orderBy: [{ shortcut: 'asc' }, { createdAt: 'asc' }],
      });
      // Filtered in code: the set is small, and SQLite's LIKE folds only ASCII case.
      const q = request.query.q?.toLowerCase();
      const items = rows
        .filter(
          (r) =>
            !q ||
            r.shortcut.toLowerCase().includes(q) ||
            r.title.toLowerCase().includes(q) ||
            r.body.toLowerCase().includes(q),
        )
        .slice(0, LIMIT)
        .map((r) => ({
          id: r.id,
          shortcut: r.shortcut,
          title: r.title,
          body: r.body,
          departmentId: r.departmentId,
          siteId: r.siteId,
        }));
      return { items };
    },
  );
  await Promise.resolve();
};
export default cannedResponseRoutes;
