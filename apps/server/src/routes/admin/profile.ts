import {
  AdminIdParams,
  ApiTokenCreateBody,
  ApiTokenCreateResponse,
  ApiTokenListResponse,
  MeResponse,
  OkResponse,
  PasswordChangeBody,
  ProfilePatchBody,
} from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { agentContextParts } from '../../auth/agent-context.js';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import { topics } from '../../bus/bus.js';
import { apiTokenItem, newApiToken } from '../../domain/admin/api-tokens.js';
import { audit } from '../../domain/admin/audit.js';
import { FieldError } from '../../domain/admin/field-error.js';
import { DomainError } from '../../domain/domain-error.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

const tags = ['profile'];

/** Self-service: every agent edits their own name, avatar and password, and their API tokens. */
const profileRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAgent);

  app.patch(
    '/api/me',
    { schema: { tags, body: ProfilePatchBody, response: { 200: MeResponse, ...adminErrors } } },
    async (request) => {
      const { me } = agentOf(request);
      await app.db.prisma.agent.update({ where: { id: me.id }, data: request.body });
      await audit(app.db.prisma, me.id, 'profile.update', me.id, { ...request.body });
      await app.presence.announce(me.id);
      return { agent: (await agentContextParts(app.db.prisma, me.id)).me };
    },
  );

  app.post(
    '/api/me/password',
    { schema: { tags, body: PasswordChangeBody, response: { 200: OkResponse, ...adminErrors } } },
    async (request) => {
      const ctx = agentOf(request);
      const agent = await app.db.prisma.agent.findUniqueOrThrow({ where: { id: ctx.me.id } });
      if (!(await verifyPassword(agent.passwordHash, request.body.currentPassword)))
        throw new FieldError('currentPassword', 'is not your current password');
      await app.db.prisma.agent.update({
        where: { id: agent.id },
        data: { passwordHash: await hashPassword(request.body.newPassword) },
      });
      // Other devices sign in again; this session stays.
      const others = await app.db.prisma.agentSession.findMany({
        where: { agentId: agent.id, revoked: false, id: { not: ctx.sessionId } },
        select: { id: true },
      });
      await app.db.prisma.agentSession.updateMany({
        where: { id: { in: others.map((s) => s.id) } },
        data: { revoked: true },
      });
      for (const s of others) {
        await app.bus.publish(topics.agent(agent.id), {
          kind: 'agent.revoked',
          agentId: agent.id,
          sessionId: s.id,
          reason: 'Your password was changed',
        });
      }
      await audit(app.db.prisma, agent.id, 'profile.change_password', agent.id);
      return { ok: true as const };
    },
  );

  const include = { agent: { select: { id: true, name: true, avatarUrl: true } } } as const;

  app.get(
    '/api/me/tokens',
    { schema: { tags, response: { 200: ApiTokenListResponse, ...adminErrors } } },
    async (request) => {
      const rows = await app.db.prisma.apiToken.findMany({
        where: { agentId: agentOf(request).me.id },
        include,
        orderBy: { createdAt: 'desc' },
      });
      return { items: rows.map(apiTokenItem) };
    },
  );

  app.post(
    '/api/me/tokens',
    { schema: { tags, body: ApiTokenCreateBody, response: { 201: ApiTokenCreateResponse, ...adminErrors } } },
    async (request, reply) => {
      const { me } = agentOf(request);
      const scopes = [...new Set(request.body.scopes)];
      if (scopes.includes('admin') && me.role !== 'ADMIN')
        throw new FieldError('scopes', 'only admins may hold the admin scope', 'bad_request');
      const { token, tokenHash } = newApiToken();
      const row = await app.db.prisma.apiToken.create({
        data: {
          agentId: me.id,
          name: request.body.name,
          tokenHash,
          scopes: JSON.stringify(scopes),
          expiresAt: request.body.expiresInDays
            ? new Date(Date.now() + request.body.expiresInDays * 86_400_000)
            : null,
        },
        include,
      });
      await audit(app.db.prisma, me.id, 'api_token.create', row.id, { name: row.name, scopes });
      return reply.code(201).send({ token, item: apiTokenItem(row) });
    },
  );

  app.delete(
    '/api/me/tokens/:id',
    { schema: { tags, params: AdminIdParams, response: { 200: OkResponse, ...adminErrors } } },
    async (request) => {
      const { me } = agentOf(request);
      const row = await app.db.prisma.apiToken.findUnique({ where: { id: request.params.id } });
      if (!row || row.agentId !== me.id) throw new DomainError('not_found', 'No such token');
      await app.db.prisma.apiToken.update({
        where: { id: row.id },
        data: { revokedAt: row.revokedAt ?? new Date() },
      });
      await audit(app.db.prisma, me.id, 'api_token.revoke', row.id, { name: row.name });
      return { ok: true as const };
    },
  );
  await Promise.resolve();
};
export default profileRoutes;
