import type {
  CannedCreateBody,
  CannedListQuery,
  CannedPatchBody,
  CannedResponseItem,
} from '@livechat/protocol';
import { DomainError } from '../domain-error.js';
import type { AdminDeps } from './admin-deps.js';
import { audit } from './audit.js';
import { FieldError } from './field-error.js';

type CannedRow = {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  departmentId: string | null;
  siteId: string | null;
};

const item = (c: CannedRow): CannedResponseItem => ({
  id: c.id,
  shortcut: c.shortcut,
  title: c.title,
  body: c.body,
  departmentId: c.departmentId,
  siteId: c.siteId,
});

export async function listCanned(deps: AdminDeps, q: CannedListQuery): Promise<CannedResponseItem[]> {
  const rows = await deps.db.prisma.cannedResponse.findMany({
    where:
      q.global === 'true' ? { departmentId: null } : q.departmentId ? { departmentId: q.departmentId } : {},
    orderBy: { shortcut: 'asc' },
  });
  return rows.map(item);
}

async function checkRefs(deps: AdminDeps, departmentId: string | null, siteId: string | null) {
  if (departmentId && !(await deps.db.prisma.department.findUnique({ where: { id: departmentId } })))
    throw new FieldError('departmentId', 'no such department');
  if (siteId && !(await deps.db.prisma.site.findUnique({ where: { id: siteId } })))
    throw new FieldError('siteId', 'no such site');
}

async function checkShortcutFree(
  deps: AdminDeps,
  shortcut: string,
  departmentId: string | null,
  except?: string,
) {
  const clash = await deps.db.prisma.cannedResponse.findFirst({
    where: { shortcut, departmentId, ...(except ? { id: { not: except } } : {}) },
  });
  if (clash)
    throw new FieldError(
      'shortcut',
      departmentId ? 'is already used in this department' : 'is already used by a global response',
      'invalid_state',
    );
}

export async function createCanned(
  deps: AdminDeps,
  actorId: string,
  body: CannedCreateBody,
): Promise<CannedResponseItem> {
  const departmentId = body.departmentId ?? null;
  const siteId = body.siteId ?? null;
  await checkRefs(deps, departmentId, siteId);
  await checkShortcutFree(deps, body.shortcut, departmentId);
  const c = await deps.db.prisma.cannedResponse.create({
    data: {
      shortcut: body.shortcut,
      title: body.title ?? '',
      body: body.body,
      departmentId,
      siteId,
      createdById: actorId,
    },
  });
  await audit(deps.db.prisma, actorId, 'canned.create', c.id, { shortcut: c.shortcut, departmentId, siteId });
  return item(c);
}

export async function updateCanned(
  deps: AdminDeps,
  actorId: string,
  id: string,
  body: CannedPatchBody,
): Promise<CannedResponseItem> {
  const before = await deps.db.prisma.cannedResponse.findUnique({ where: { id } });
  if (!before) throw new DomainError('not_found', 'No such canned response');
  const departmentId = body.departmentId === undefined ? before.departmentId : body.departmentId;
  const siteId = body.siteId === undefined ? before.siteId : body.siteId;
  await checkRefs(deps, departmentId, siteId);
  await checkShortcutFree(deps, body.shortcut ?? before.shortcut, departmentId, id);
  const c = await deps.db.prisma.cannedResponse.update({
    where: { id },
    data: { ...body, departmentId, siteId, updatedAt: new Date() },
  });
  await audit(deps.db.prisma, actorId, 'canned.update', id, { ...body });
  return item(c);
}

export async function deleteCanned(deps: AdminDeps, actorId: string, id: string): Promise<void> {
  const before = await deps.db.prisma.cannedResponse.findUnique({ where: { id } });
  if (!before) throw new DomainError('not_found', 'No such canned response');
  await deps.db.prisma.cannedResponse.delete({ where: { id } });
  await audit(deps.db.prisma, actorId, 'canned.delete', id, { shortcut: before.shortcut });
}
