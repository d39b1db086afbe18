import { AgentListResponse, ApiError, DepartmentListResponse, Role } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';

const Routing = z.enum(['MANUAL', 'ROUND_ROBIN', 'LEAST_BUSY']);

/** Colleagues and departments, for presence lists and transfers. */
const directoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAgent);

  app.get(
    '/api/agents',
    { schema: { tags: ['directory'], response: { 200: AgentListResponse, 401: ApiError } } },
    async () => {
      const agents = await app.db.prisma.agent.findMany({
        include: { departments: true },
        orderBy: { name: 'asc' },
      });
      return {
        items: agents.map((a) => ({
          id: a.id,
          name: a.name,
          avatarUrl: a.avatarUrl,
          email: a.email,
          role: Role.parse(a.role),
          status: app.presence.statusOf(a.id),
          activeChats: a.activeChats,
          maxChats: a.maxChats,
          departmentIds: a.departments.map((d) => d.departmentId),
          active: a.active,
        })),
      };
    },
  );

  app.get(
    '/api/departments',
    { schema: { tags: ['directory'], response: { 200: DepartmentListResponse, 401: ApiError } } },
    async () => {
      const departments = await app.db.prisma.department.findMany({
        include: { members: true },
        orderBy: { name: 'asc' },
      });
      const queued = await app.db.prisma.conversation.groupBy({
        by: ['departmentId'],
        where: { status: 'QUEUED' },
        _count: { _all: true },
      });
      const online = new Set(app.presence.onlineAgentIds());
      return {
        items: departments.map((d) => ({
          id: d.id,
          name: d.name,
          siteId: d.siteId,
          routing: Routing.parse(d.routing),
          queued: queued.find((q) => q.departmentId === d.id)?._count._all ?? 0,
          onlineAgents: d.members.filter((m) => online.has(m.agentId)).length,
        })),
      };
    },
  );
  await Promise.resolve();
};
export default directoryRoutes;
