import type { AgentMe } from '@livechat/protocol';
import { Role } from '@livechat/protocol';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { hashToken } from './tokens.js';

/** Who is calling, as every agent route and the agent socket see it. */
export type AgentContext = {
  sessionId: string;
  expiresAt: number;
  me: AgentMe;
  /** Departments whose conversations this agent may see; null = all (admins). */
  departmentIds: string[] | null;
};

export const SESSION_COOKIE = 'lc_session';

/** Resolves a session cookie to its agent, or null when unknown, expired, revoked or deactivated. */
export async function agentFromSessionToken(
  prisma: PrismaClient,
  token: string | undefined,
): Promise<AgentContext | null> {
  if (!token || token.length > 200) return null;
  const session = await prisma.agentSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { agent: { include: { departments: { include: { department: true } } } } },
  });
  if (!session || session.revoked || session.expiresAt.getTime() <= Date.now() || !session.agent.active)
    return null;
  return {
    sessionId: session.id,
    expiresAt: session.expiresAt.getTime(),
    ...(await agentContextParts(prisma, session.agent.id)),
  };
}

export async function agentContextParts(
  prisma: PrismaClient,
  agentId: string,
): Promise<Pick<AgentContext, 'me' | 'departmentIds'>> {
  const agent = await prisma.agent.findUniqueOrThrow({
    where: { id: agentId },
    include: { departments: { include: { department: true } } },
  });
  const role = Role.parse(agent.role);
  const departments = agent.departments.map((d) => ({ id: d.department.id, name: d.department.name }));
  return {
    me: {
      id: agent.id,
      email: agent.email,
      name: agent.name,
      role,
      avatarUrl: agent.avatarUrl,
      maxChats: agent.maxChats,
      activeChats: agent.activeChats,
      departments,
    },
    departmentIds: role === 'ADMIN' ? null : departments.map((d) => d.id),
  };
}

export function canAccessDepartment(ctx: Pick<AgentContext, 'departmentIds'>, departmentId: string): boolean {
  return ctx.departmentIds === null || ctx.departmentIds.includes(departmentId);
}
