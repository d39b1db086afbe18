import {
  ApiError,
  ConversationDetailResponse,
  ConversationIdParams,
  ConversationListQuery,
  ConversationListResponse,
  ConversationResponse,
  TransferBody,
  type VisitorProfile,
} from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { canAccessDepartment, type AgentContext } from '../auth/agent-context.js';
import { DomainError } from '../domain/domain-error.js';
import { agentOf } from '../plugins/auth.js';
import type { LifecycleResult } from '../store/conversation-store.js';

const Attributes = z.record(z.string(), z.string());
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

/** The console's conversation lists, detail, and the lifecycle commands (claim, close, transfer). */
const conversationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAgent);

  const accessible = async (ctx: AgentContext, id: string) => {
    const c = await app.store.get(id);
    if (!c) throw new DomainError('not_found', 'No such conversation');
    if (!canAccessDepartment(ctx, c.departmentId))
      throw new DomainError('forbidden', 'Not in your departments');
    return c;
  };

  /** After a committed lifecycle change: its events to the stream, the summary to the lists, loads to presence. */
  const published = async (result: LifecycleResult, alsoDepartmentIds: string[] = []) => {
    await app.publisher.committed(result.events, result.conversation.id, { alsoDepartmentIds });
    for (const agentId of new Set([result.conversation.assigneeId, result.previousAssigneeId])) {
      if (agentId) await app.presence.announce(agentId);
    }
    const summary = await app.store.summary(result.conversation.id);
    if (!summary) throw new DomainError('not_found', 'No such conversation');
    return { conversation: summary };
  };

  app.get(
    '/api/conversations',
    {
      schema: {
        tags: ['conversations'],
        querystring: ConversationListQuery,
        response: { 200: ConversationListResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = agentOf(request);
      const { view, departmentId, q, limit } = request.query;
      const scope = { agentId: ctx.me.id, departments: ctx.departmentIds };
      const items = await app.store.list(view, {
        ...scope,
        ...(departmentId ? { departmentId } : {}),
        ...(q ? { q } : {}),
        ...(limit ? { limit } : {}),
      });
      const cursors = await app.db.prisma.readCursor.findMany({
        where: { participant: ctx.me.id, conversationId: { in: items.map((c) => c.id) } },
      });
      return {
        items,
        counts: await app.store.counts(scope),
        readSeqs: Object.fromEntries(cursors.map((c) => [c.conversationId, c.seq])),
      };
    },
  );

  app.get(
    '/api/conversations/:id',
    {
      schema: {
        tags: ['conversations'],
        params: ConversationIdParams,
        response: { 200: ConversationDetailResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = agentOf(request);
      const c = await accessible(ctx, request.params.id);
      const conversation = await app.store.summary(c.id);
      const v = await app.db.prisma.visitor.findUnique({ where: { id: c.visitorId } });
      if (!conversation || !v) throw new DomainError('not_found', 'No such conversation');
      const pastIds = await app.db.prisma.conversation.findMany({
        where: { visitorId: v.id, id: { not: c.id } },
        orderBy: { createdAt: 'desc' },
        take: 20,
        select: { id: true, departmentId: true },
      });
      const summaries = await Promise.all(
        pastIds.filter((p) => canAccessDepartment(ctx, p.departmentId)).map((p) => app.store.summary(p.id)),
      );
      const past = summaries.filter((s) => s !== null);
      const attrs = Attributes.safeParse(JSON.parse(v.attributes));
      const visitor: VisitorProfile = {
        id: v.id,
        name: v.name,
        email: v.email,
        verified: v.externalId !== null,
        externalId: v.externalId ?? v.claimedId,
        url: v.url,
        title: v.title,
        referrer: v.referrer,
        userAgent: v.userAgent,
        locale: v.locale,
        timezone: v.timezone,
        attributes: attrs.success ? attrs.data : {},
        firstSeenAt: v.firstSeenAt.getTime(),
        lastSeenAt: v.lastSeenAt.getTime(),
      };
      return { conversation, visitor, past };
    },
  );

  app.post(
    '/api/conversations/:id/claim',
    {
      schema: {
        tags: ['conversations'],
        params: ConversationIdParams,
        response: { 200: ConversationResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = agentOf(request);
      await accessible(ctx, request.params.id);
      return published(await app.store.claim(request.params.id, { id: ctx.me.id, name: ctx.me.name }));
    },
  );

  app.post(
    '/api/conversations/:id/close',
    {
      schema: {
        tags: ['conversations'],
        params: ConversationIdParams,
        response: { 200: ConversationResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = agentOf(request);
      const c = await accessible(ctx, request.params.id);
      if (c.assigneeId !== ctx.me.id && ctx.me.role !== 'ADMIN' && c.status === 'ACTIVE') {
        throw new DomainError('forbidden', 'Only the assigned agent or an admin can close an active chat');
      }
      return published(await app.store.close(c.id, { agent: { id: ctx.me.id, name: ctx.me.name } }));
    },
  );

  app.post(
    '/api/conversations/:id/transfer',
    {
      schema: {
        tags: ['conversations'],
        params: ConversationIdParams,
        body: TransferBody,
        response: { 200: ConversationResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = agentOf(request);
      const c = await accessible(ctx, request.params.id);
      const { departmentId, agentId, note } = request.body;
      if ((departmentId === undefined) === (agentId === undefined)) {
        throw new DomainError('bad_request', 'Give exactly one of departmentId and agentId');
      }
      const by = { id: ctx.me.id, name: ctx.me.name };
      if (departmentId !== undefined) {
        const department = await app.db.prisma.department.findUnique({ where: { id: departmentId } });
        if (!department || (department.siteId !== null && department.siteId !== c.siteId)) {
          throw new DomainError('not_found', 'No such department for this site');
        }
        return published(await app.store.transferToDepartment(c.id, department, by, note), [c.departmentId]);
      }
      const target = await app.db.prisma.agent.findUnique({
        where: { id: agentId },
        include: { departments: true },
      });
      if (!target || !target.active) throw new DomainError('not_found', 'No such agent');
      const targetCanSee =
        target.role === 'ADMIN' || target.departments.some((d) => d.departmentId === c.departmentId);
      if (!targetCanSee) throw new DomainError('forbidden', `${target.name} is not in this department`);
      if (app.presence.statusOf(target.id) === 'offline')
        throw new DomainError('invalid_state', `${target.name} is offline`);
      return published(await app.store.transferToAgent(c.id, { id: target.id, name: target.name }, by, note));
    },
  );
  await Promise.resolve();
};
export default conversationRoutes;
