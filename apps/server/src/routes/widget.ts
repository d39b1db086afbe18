import {
  ApiError,
  OfflineMessageBody,
  OfflineMessageResponse,
  VisitorSessionBody,
  VisitorSessionResponse,
  WidgetConfig,
  WidgetConfigQuery,
} from '@livechat/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hashToken } from '../auth/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import { businessHoursOf } from '../domain/admin/departments.js';
import { siteLogoUrl } from '../domain/admin/sites.js';
import { isOpenAt } from '../domain/business-hours.js';
import { originAllowed, PreChatSettings } from '../domain/sites.js';
import { identifiedSession } from '../domain/visitor-identity.js';
import { leaveOfflineMessage } from '../store/offline-messages.js';
import { visitorByToken } from './visitor-auth.js';

/**
 * What the loader asks for by CORS from the host page: the site's look, and on the first interaction
 * a visitor session. Both answer only origins the site allows.
 */
const widgetRoutes: FastifyPluginAsyncZod = async (app) => {
  const allowCors = (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin) void reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin');
  };
  // As a hook it must be async (or call `done`), else the request waits forever.
  const allowCorsHook = async (request: FastifyRequest, reply: FastifyReply) => {
    allowCors(request, reply);
    await Promise.resolve();
  };

  /**
   * `requireOrigin`: browsers send Origin on every POST but not on a same-origin GET (the /demo page),
   * so the config, which is public anyway, is refused only to an Origin the site does not allow.
   */
  const siteFor = async (request: FastifyRequest, siteKey: string, requireOrigin: boolean) => {
    const site = await app.db.prisma.site.findUnique({
      where: { key: siteKey },
      include: { departments: true },
    });
    if (!site) throw new DomainError('not_found', 'Unknown site key');
    const origin = request.headers.origin;
    if ((requireOrigin || origin !== undefined) && !originAllowed(site, origin, app.env.publicOrigin)) {
      throw new DomainError(
        'forbidden',
        `This site does not allow the widget on ${request.headers.origin ?? 'pages without an Origin'}`,
      );
    }
    return site;
  };

  // Preflight: answering it reveals nothing; the real request checks the site's origins.
  app.options('/api/widget/*', { schema: { hide: true } }, (request, reply) => {
    allowCors(request, reply);
    return reply
      .header('Access-Control-Allow-Methods', 'GET, POST')
      .header('Access-Control-Allow-Headers', 'content-type, authorization, x-file-name, x-client-msg-id')
      .header('Access-Control-Max-Age', '600')
      .code(204)
      .send();
  });

  app.get(
    '/api/widget/config',
    {
      schema: {
        tags: ['widget'],
        querystring: WidgetConfigQuery,
        response: { 200: WidgetConfig, 403: ApiError, 404: ApiError },
      },
      onRequest: allowCorsHook,
    },
    async (request) => {
      const site = await siteFor(request, request.query.siteKey, false);
      const globalDepartments = await app.db.prisma.department.findMany({ where: { siteId: null } });
      const departments = [...site.departments, ...globalDepartments];
      const members = await app.db.prisma.agentDepartment.findMany({
        where: { departmentId: { in: departments.map((d) => d.id) }, agent: { active: true } },
      });
      const online = new Set(app.presence.onlineAgentIds());
      const queued = await app.db.prisma.conversation.groupBy({
        by: ['departmentId'],
        where: { status: 'QUEUED', departmentId: { in: departments.map((d) => d.id) } },
        _count: { _all: true },
      });
      const now = new Date();
      // Available: an agent of it connected, within its business hours, and its queue not full
      // (maxQueue 0 = unlimited). Otherwise the widget offers the leave-a-message form.
      const isOnline = (departmentId: string) => {
        const d = departments.find((x) => x.id === departmentId);
        if (!d || !isOpenAt(businessHoursOf(d), now)) return false;
        const waiting = queued.find((q) => q.departmentId === departmentId)?._count._all ?? 0;
        if (d.maxQueue > 0 && waiting >= d.maxQueue) return false;
        return members.some((m) => m.departmentId === departmentId && online.has(m.agentId));
      };
      const defaultDepartmentId = site.defaultDepartmentId ?? departments[0]?.id ?? null;
      return {
        siteId: site.id,
        siteKey: site.key,
        name: site.name,
        color: site.color,
        position: site.position === 'left' ? ('left' as const) : ('right' as const),
        launcherText: site.launcherText,
        greeting: site.greeting,
        locale: site.locale,
        departments: departments.map((d) => ({ id: d.id, name: d.name, online: isOnline(d.id) })),
        defaultDepartmentId,
        preChat: PreChatSettings.parse(JSON.parse(site.preChat)),
        online: defaultDepartmentId !== null && isOnline(defaultDepartmentId),
        logoUrl: await siteLogoUrl(app, site.id),
      };
    },
  );

  app.post(
    '/api/widget/session',
    {
      schema: {
        tags: ['widget'],
        body: VisitorSessionBody,
        response: { 200: VisitorSessionResponse, 403: ApiError, 404: ApiError },
      },
      onRequest: allowCorsHook,
    },
    async (request) => {
      const site = await siteFor(request, request.body.siteKey, true);
      const token = request.body.token;
      let current = null;
      if (token) {
        const session = await app.db.prisma.visitorSession.findUnique({
          where: { tokenHash: hashToken(token) },
          include: { visitor: true },
        });
        if (session && session.visitor.siteId === site.id && session.expiresAt.getTime() > Date.now()) {
          current = { token, visitor: session.visitor };
        }
      }
      const result = await identifiedSession(app, {
        site,
        current,
        identity: request.body.identity,
        userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
      });
      for (const id of result.moved) await app.publisher.conversationChanged(id);
      return { token: result.token, visitorId: result.visitorId, verified: result.verified };
    },
  );

  const conversations = app.store.visitorConversations;

  app.post(
    '/api/widget/offline',
    {
      schema: {
        tags: ['widget'],
        body: OfflineMessageBody,
        response: { 200: OfflineMessageResponse, 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      onRequest: allowCorsHook,
    },
    async (request) => {
      const body = request.body;
      const site = await siteFor(request, body.siteKey, true);
      const visitor = await visitorByToken(app, request, body.token);
      if (visitor.siteId !== site.id)
        throw new DomainError('unauthorized', 'This session is for another site');
      const stored = await app.db.prisma.visitor.findUniqueOrThrow({ where: { id: visitor.id } });
      const name = body.name || stored.name;
      await app.db.prisma.visitor.update({
        where: { id: visitor.id },
        data: { name, email: body.email, searchText: `${name ?? ''} ${body.email}`.toLowerCase() },
      });
      const departmentId =
        body.departmentId && visitor.departmentIds.includes(body.departmentId)
          ? body.departmentId
          : visitor.defaultDepartmentId;
      const result = await leaveOfflineMessage(app.store, conversations, {
        siteId: site.id,
        visitorId: visitor.id,
        visitorName: name,
        departmentId,
        clientMsgId: body.clientMsgId,
        text: body.text,
        email: body.email,
      });
      if (!result.duplicate) await app.publisher.committed(result.messages, result.conversation.id);
      return { conversationId: result.conversation.id };
    },
  );
  await Promise.resolve();
};
export default widgetRoutes;
