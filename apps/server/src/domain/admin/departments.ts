import {
  BusinessHours,
  RoutingMode,
  type AdminDepartment,
  type DepartmentCreateBody,
  type DepartmentDeleteResponse,
  type DepartmentPatchBody,
} from '@livechat/protocol';
import type { AdminDeps } from './admin-deps.js';
import { audit } from './audit.js';
import { DomainError } from '../domain-error.js';
import { FieldError } from './field-error.js';

type DepartmentRow = {
  id: string;
  name: string;
  siteId: string | null;
  description: string;
  routing: string;
  maxQueue: number;
  businessHours: string;
  offlineMessage: string;
  createdAt: Date;
  members: { agentId: string }[];
};

export function businessHoursOf(d: { businessHours: string }): BusinessHours | null {
  if (!d.businessHours) return null;
  try {
    const parsed = BusinessHours.safeParse(JSON.parse(d.businessHours));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function toAdmin(deps: AdminDeps, d: DepartmentRow): Promise<AdminDepartment> {
  const open = await deps.db.prisma.conversation.count({
    where: { departmentId: d.id, status: { in: ['QUEUED', 'ACTIVE'] } },
  });
  const routing = RoutingMode.safeParse(d.routing);
  return {
    id: d.id,
    name: d.name,
    siteId: d.siteId,
    description: d.description,
    routing: routing.success ? routing.data : 'MANUAL',
    maxQueue: d.maxQueue,
    businessHours: businessHoursOf(d),
    offlineMessage: d.offlineMessage,
    memberIds: d.members.map((m) => m.agentId),
    openConversations: open,
    createdAt: d.createdAt.getTime(),
  };
}

const withMembers = { members: { select: { agentId: true } } } as const;

export async function listDepartments(deps: AdminDeps): Promise<AdminDepartment[]> {
  const rows = await deps.db.prisma.department.findMany({ include: withMembers, orderBy: { name: 'asc' } });
  return Promise.all(rows.map((d) => toAdmin(deps, d)));
}

async function mustFind(deps: AdminDeps, id: string): Promise<DepartmentRow> {
  const d = await deps.db.prisma.department.findUnique({ where: { id }, include: withMembers });
  if (!d) throw new DomainError('not_found', 'No such department');
  return d;
}

async function checkMembers(deps: AdminDeps, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const found = await deps.db.prisma.agent.count({ where: { id: { in: ids } } });
  if (found !== new Set(ids).size) throw new FieldError('memberIds', 'names an agent that does not exist');
}

async function checkNameFree(deps: AdminDeps, siteId: string | null, name: string, except?: string) {
  const clash = await deps.db.prisma.department.findFirst({
    where: { siteId, name, ...(except ? { id: { not: except } } : {}) },
  });
  if (clash) throw new FieldError('name', 'another department already has this name', 'invalid_state');
}

export async function createDepartment(
  deps: AdminDeps,
  actorId: string,
  body: DepartmentCreateBody,
): Promise<AdminDepartment> {
  const siteId = body.siteId ?? null;
  if (siteId && !(await deps.db.prisma.site.findUnique({ where: { id: siteId } })))
    throw new FieldError('siteId', 'no such site');
  await checkMembers(deps, body.memberIds);
  await checkNameFree(deps, siteId, body.name);
  const d = await deps.db.prisma.department.create({
    data: {
      name: body.name,
      siteId,
      description: body.description ?? '',
      routing: body.routing ?? 'MANUAL',
      maxQueue: body.maxQueue ?? 0,
      businessHours: body.businessHours ? JSON.stringify(body.businessHours) : '',
      offlineMessage: body.offlineMessage ?? '',
      members: { create: [...new Set(body.memberIds ?? [])].map((agentId) => ({ agentId })) },
    },
    include: withMembers,
  });
  await audit(deps.db.prisma, actorId, 'department.create', d.id, { ...body });
  return toAdmin(deps, d);
}

export async function updateDepartment(
  deps: AdminDeps,
  actorId: string,
  id: string,
  body: DepartmentPatchBody,
): Promise<AdminDepartment> {
  const before = await mustFind(deps, id);
  await checkMembers(deps, body.memberIds);
  if (body.name !== undefined) await checkNameFree(deps, before.siteId, body.name, id);
  const { memberIds, businessHours, ...plain } = body;
  const d = await deps.db.prisma.$transaction(async (tx) => {
    if (memberIds) {
      await tx.agentDepartment.deleteMany({ where: { departmentId: id } });
      await tx.agentDepartment.createMany({
        data: [...new Set(memberIds)].map((agentId) => ({ agentId, departmentId: id })),
      });
    }
    return tx.department.update({
      where: { id },
      data: {
        ...plain,
        ...(businessHours !== undefined
          ? { businessHours: businessHours ? JSON.stringify(businessHours) : '' }
          : {}),
      },
      include: withMembers,
    });
  });
  await audit(deps.db.prisma, actorId, 'department.update', id, { ...body });
  return toAdmin(deps, d);
}

/**
 * Deletes a department. Conversations cannot lose their department (history, reports), so they move
 * to `moveTo`: open ones through the store (a "transferred" event, back to the queue keeping their
 * wait, their agent's capacity freed), closed ones re-filed. Without `moveTo` only an empty
 * department can go.
 */
export async function deleteDepartment(
  deps: AdminDeps,
  actor: { id: string; name: string },
  id: string,
  moveTo: string | undefined,
): Promise<DepartmentDeleteResponse> {
  const prisma = deps.db.prisma;
  const department = await mustFind(deps, id);
  const open = await prisma.conversation.findMany({
    where: { departmentId: id, status: { in: ['QUEUED', 'ACTIVE'] } },
    select: { id: true },
  });
  const total = await prisma.conversation.count({ where: { departmentId: id } });
  let target: { id: string; name: string } | null = null;
  if (moveTo !== undefined) {
    if (moveTo === id) throw new FieldError('moveTo', 'must be another department');
    target = await prisma.department.findUnique({ where: { id: moveTo }, select: { id: true, name: true } });
    if (!target) throw new FieldError('moveTo', 'no such department');
  } else if (total > 0) {
    throw new DomainError(
      'invalid_state',
      open.length > 0
        ? `The department has ${open.length} open conversation(s): choose a department to move them to (moveTo)`
        : 'The department has past conversations: choose a department to file them under (moveTo)',
    );
  }
  let movedOpen = 0;
  if (target) {
    for (const c of open) {
      try {
        const result = await deps.store.transferToDepartment(c.id, target, actor);
        await deps.publisher.committed(result.events, c.id, { alsoDepartmentIds: [id] });
        if (result.previousAssigneeId) await deps.presence.announce(result.previousAssigneeId);
        movedOpen += 1;
      } catch (err) {
        // Closed meanwhile: it is re-filed below with the closed ones.
        if (!(err instanceof DomainError)) throw err;
      }
    }
  }
  const movedClosed = target
    ? (
        await prisma.conversation.updateMany({
          where: { departmentId: id },
          data: { departmentId: target.id },
        })
      ).count
    : 0;
  await prisma.site.updateMany({
    where: { defaultDepartmentId: id },
    data: { defaultDepartmentId: target?.id ?? null },
  });
  try {
    await prisma.department.delete({ where: { id } });
  } catch {
    // A visitor started a conversation in it between the move and the delete.
    throw new DomainError('invalid_state', 'A conversation arrived in the department meanwhile; try again');
  }
  await audit(prisma, actor.id, 'department.delete', id, {
    name: department.name,
    moveTo: target?.id ?? null,
    movedOpen,
    movedClosed,
  });
  return { ok: true, movedOpen, movedClosed };
}
