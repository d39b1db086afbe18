import {
  Role,
  type AdminAgent,
  type AgentCreateBody,
  type AgentPatchBody,
  type InviteLink,
} from '@livechat/protocol';
import { topics } from '../../bus/bus.js';
import { hashPassword } from '../../auth/passwords.js';
import { hashToken, newToken } from '../../auth/tokens.js';
import { DomainError } from '../domain-error.js';
import type { Mailer } from '../email/mailer.js';
import type { AdminDeps } from './admin-deps.js';
import { audit } from './audit.js';
import { FieldError } from './field-error.js';

const INVITE_TTL_MS = 7 * 24 * 3_600_000;

type AgentRow = {
  id: string;
  email: string;
  name: string;
  role: string;
  avatarUrl: string | null;
  maxChats: number;
  activeChats: number;
  active: boolean;
  createdAt: Date;
  departments: { departmentId: string }[];
  invites: { id: string }[];
};

const include = (now: Date) =>
  ({
    departments: { select: { departmentId: true } },
    invites: { where: { usedAt: null, expiresAt: { gt: now } }, select: { id: true } },
  }) as const;

function toAdmin(deps: AdminDeps, a: AgentRow): AdminAgent {
  return {
    id: a.id,
    name: a.name,
    avatarUrl: a.avatarUrl,
    email: a.email,
    role: Role.parse(a.role),
    maxChats: a.maxChats,
    activeChats: a.activeChats,
    active: a.active,
    departmentIds: a.departments.map((d) => d.departmentId),
    status: deps.presence.statusOf(a.id),
    invitePending: a.invites.length > 0,
    createdAt: a.createdAt.getTime(),
  };
}

export async function listAgents(deps: AdminDeps): Promise<AdminAgent[]> {
  const rows = await deps.db.prisma.agent.findMany({
    include: include(new Date()),
    orderBy: { name: 'asc' },
  });
  return rows.map((a) => toAdmin(deps, a));
}

export async function getAgent(deps: AdminDeps, id: string): Promise<AdminAgent> {
  const a = await deps.db.prisma.agent.findUnique({ where: { id }, include: include(new Date()) });
  if (!a) throw new DomainError('not_found', 'No such agent');
  return toAdmin(deps, a);
}

async function checkDepartments(deps: AdminDeps, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const found = await deps.db.prisma.department.count({ where: { id: { in: ids } } });
  if (found !== new Set(ids).size)
    throw new FieldError('departmentIds', 'names a department that does not exist');
}

async function checkEmailFree(deps: AdminDeps, email: string, except?: string): Promise<void> {
  const clash = await deps.db.prisma.agent.findUnique({ where: { email } });
  if (clash && clash.id !== except)
    throw new FieldError('email', 'another agent already has this email', 'invalid_state');
}

/** A one-time link to set a password; emailed when SMTP is set, else returned for the admin to copy. */
async function issueInvite(
  deps: AdminDeps,
  mailer: Mailer,
  agent: { id: string; email: string; name: string },
  purpose: 'invite' | 'reset',
): Promise<InviteLink> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
  await deps.db.prisma.agentInvite.create({
    data: { agentId: agent.id, tokenHash: hashToken(token), expiresAt },
  });
  const url = `${deps.env.publicUrl}/#/invite/${token}`;
  const emailed = await mailer.send({
    to: agent.email,
    subject:
      purpose === 'invite' ? 'You are invited to the live chat console' : 'Reset your live chat password',
    text:
      `Hello ${agent.name},\n\n` +
      (purpose === 'invite'
        ? 'An administrator created a live chat console account for you.'
        : 'An administrator asked for your live chat password to be reset.') +
      `\nSet your password here (the link works once, for 7 days):\n\n${url}\n`,
  });
  return { url, expiresAt: expiresAt.getTime(), emailed };
}

export async function createAgent(
  deps: AdminDeps,
  mailer: Mailer,
  actorId: string,
  body: AgentCreateBody,
): Promise<{ agent: AdminAgent; invite: InviteLink | null }> {
  const email = body.email.toLowerCase();
  await checkEmailFree(deps, email);
  await checkDepartments(deps, body.departmentIds);
  // Without a password nobody can sign in until the invite is used: the hash of a random token.
  const passwordHash = await hashPassword(body.password ?? newToken());
  const created = await deps.db.prisma.agent.create({
    data: {
      email,
      name: body.name,
      role: body.role ?? 'AGENT',
      maxChats: body.maxChats ?? 5,
      passwordHash,
      departments: {
        create: [...new Set(body.departmentIds ?? [])].map((departmentId) => ({ departmentId })),
      },
    },
  });
  const invite = body.password ? null : await issueInvite(deps, mailer, created, 'invite');
  const { password: _secret, ...details } = body;
  await audit(deps.db.prisma, actorId, 'agent.create', created.id, {
    ...details,
    withPassword: body.password !== undefined,
    inviteEmailed: invite?.emailed ?? null,
  });
  return { agent: await getAgent(deps, created.id), invite };
}

export async function updateAgent(
  deps: AdminDeps,
  actorId: string,
  id: string,
  body: AgentPatchBody,
): Promise<AdminAgent> {
  const before = await deps.db.prisma.agent.findUnique({ where: { id } });
  if (!before) throw new DomainError('not_found', 'No such agent');
  if (id === actorId && body.role === 'AGENT')
    throw new FieldError('role', 'you cannot take away your own admin role', 'invalid_state');
  const email = body.email?.toLowerCase();
  if (email) await checkEmailFree(deps, email, id);
  await checkDepartments(deps, body.departmentIds);
  const { departmentIds, ...plain } = body;
  await deps.db.prisma.$transaction(async (tx) => {
    if (departmentIds) {
      await tx.agentDepartment.deleteMany({ where: { agentId: id } });
      await tx.agentDepartment.createMany({
        data: [...new Set(departmentIds)].map((departmentId) => ({ agentId: id, departmentId })),
      });
    }
    await tx.agent.update({ where: { id }, data: { ...plain, ...(email ? { email } : {}) } });
  });
  await audit(deps.db.prisma, actorId, 'agent.update', id, { ...body });
  // New departments or role apply to REST at once, and to open consoles on every process, which
  // reconnect (and re-fetch their lists) when told.
  await deps.bus.publish(topics.agent(id), { kind: 'agent.changed', agentId: id });
  await deps.presence.announce(id);
  return getAgent(deps, id);
}

/** Revokes every session and API token of an agent and closes their sockets in every process. */
async function revokeAll(deps: AdminDeps, agentId: string, reason: string): Promise<void> {
  await deps.db.prisma.agentSession.updateMany({
    where: { agentId, revoked: false },
    data: { revoked: true },
  });
  await deps.bus.publish(topics.agent(agentId), { kind: 'agent.revoked', agentId, reason });
}

/**
 * Deactivation: no more sign-in, sessions and tokens revoked and sockets closed at once, and their
 * open conversations back to their departments' queues (keeping the visitors' wait). The agent is
 * marked inactive first, so routing cannot hand them a conversation while this runs.
 */
export async function deactivateAgent(
  deps: AdminDeps,
  actor: { id: string; name: string },
  id: string,
): Promise<{ agent: AdminAgent; requeued: number }> {
  if (id === actor.id) throw new DomainError('invalid_state', 'You cannot deactivate yourself');
  const agent = await deps.db.prisma.agent.findUnique({ where: { id } });
  if (!agent) throw new DomainError('not_found', 'No such agent');
  await deps.db.prisma.agent.update({ where: { id }, data: { active: false } });
  await deps.db.prisma.apiToken.updateMany({
    where: { agentId: id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  await revokeAll(deps, id, 'Your account was deactivated');
  const open = await deps.db.prisma.conversation.findMany({
    where: { assigneeId: id, status: 'ACTIVE' },
    select: { id: true, department: { select: { id: true, name: true } } },
  });
  let requeued = 0;
  for (const c of open) {
    try {
      const result = await deps.store.transferToDepartment(c.id, c.department, actor);
      await deps.publisher.committed(result.events, c.id);
      requeued += 1;
    } catch (err) {
      // Closed by the visitor meanwhile: nothing to requeue.
      if (!(err instanceof DomainError)) throw err;
    }
  }
  await deps.presence.announce(id);
  await audit(deps.db.prisma, actor.id, 'agent.deactivate', id, { email: agent.email, requeued });
  return { agent: await getAgent(deps, id), requeued };
}

export async function activateAgent(deps: AdminDeps, actorId: string, id: string): Promise<AdminAgent> {
  const agent = await deps.db.prisma.agent.findUnique({ where: { id } });
  if (!agent) throw new DomainError('not_found', 'No such agent');
  await deps.db.prisma.agent.update({ where: { id }, data: { active: true } });
  await audit(deps.db.prisma, actorId, 'agent.activate', id, { email: agent.email });
  return getAgent(deps, id);
}

export async function resetPassword(
  deps: AdminDeps,
  mailer: Mailer,
  actorId: string,
  id: string,
  password: string | undefined,
): Promise<InviteLink | null> {
  const agent = await deps.db.prisma.agent.findUnique({ where: { id } });
  if (!agent) throw new DomainError('not_found', 'No such agent');
  let invite: InviteLink | null = null;
  if (password !== undefined) {
    await deps.db.prisma.agent.update({
      where: { id },
      data: { passwordHash: await hashPassword(password) },
    });
  } else {
    invite = await issueInvite(deps, mailer, agent, 'reset');
  }
  await revokeAll(deps, id, 'Your password was reset');
  await audit(deps.db.prisma, actorId, 'agent.reset_password', id, {
    method: password === undefined ? 'link' : 'set',
    emailed: invite?.emailed ?? null,
  });
  return invite;
}

/** The agent an unused, unexpired invite or reset link is for. */
export async function inviteByToken(deps: AdminDeps, token: string) {
  const invite = await deps.db.prisma.agentInvite.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { agent: true },
  });
  if (!invite || invite.usedAt || invite.expiresAt.getTime() <= Date.now())
    throw new DomainError('not_found', 'This link is unknown, used or expired');
  return invite;
}

export async function acceptInvite(deps: AdminDeps, token: string, password: string): Promise<string> {
  const invite = await inviteByToken(deps, token);
  // Used up with a conditional update, so a link clicked twice at once sets the password once.
  const used = await deps.db.prisma.agentInvite.updateMany({
    where: { id: invite.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (used.count === 0) throw new DomainError('not_found', 'This link is unknown, used or expired');
  await deps.db.prisma.agent.update({
    where: { id: invite.agentId },
    data: { passwordHash: await hashPassword(password) },
  });
  await audit(deps.db.prisma, invite.agentId, 'agent.accept_invite', invite.agentId);
  return invite.agent.email;
}
