import type {
  AdminVisitor,
  VisitorEraseResponse,
  VisitorListQuery,
  VisitorListResponse,
} from '@livechat/protocol';
import { topics } from '../../bus/bus.js';
import { DomainError } from '../domain-error.js';
import type { AdminDeps } from './admin-deps.js';
import { audit } from './audit.js';
import { removeStoredFiles } from './stored-files.js';

type VisitorRow = {
  id: string;
  siteId: string;
  name: string | null;
  email: string | null;
  externalId: string | null;
  blocked: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date;
  _count: { conversations: number };
};

const toAdmin = (v: VisitorRow): AdminVisitor => ({
  id: v.id,
  siteId: v.siteId,
  name: v.name,
  email: v.email,
  externalId: v.externalId,
  blocked: v.blocked,
  conversations: v._count.conversations,
  firstSeenAt: v.firstSeenAt.getTime(),
  lastSeenAt: v.lastSeenAt.getTime(),
});

const include = { _count: { select: { conversations: true } } } as const;

export async function listVisitors(deps: AdminDeps, q: VisitorListQuery): Promise<VisitorListResponse> {
  const limit = q.limit ?? 50;
  const needle = q.q?.toLowerCase();
  const rows = await deps.db.prisma.visitor.findMany({
    where: {
      ...(q.siteId ? { siteId: q.siteId } : {}),
      ...(q.blocked ? { blocked: q.blocked === 'true' } : {}),
      ...(needle
        ? { OR: [{ searchText: { contains: needle } }, { externalId: q.q }, { claimedId: q.q }, { id: q.q }] }
        : {}),
    },
    include,
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return { items: page.map(toAdmin), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** Closes a visitor's open conversations through the store (frees their agents, tells every viewer). */
async function closeOpen(deps: AdminDeps, visitorId: string): Promise<void> {
  const open = await deps.db.prisma.conversation.findMany({
    where: { visitorId, status: { in: ['QUEUED', 'ACTIVE'] } },
    select: { id: true },
  });
  for (const c of open) {
    try {
      const result = await deps.store.close(c.id, { by: 'system' });
      await deps.publisher.committed(result.events, c.id);
      if (result.previousAssigneeId) await deps.presence.announce(result.previousAssigneeId);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  }
}

/**
 * Blocking: the visitor socket refuses a blocked visitor at its hello, the open conversation is
 * closed (its `conversation.state` reaches their tabs at once), and their open tabs are closed, on
 * every process.
 */
export async function setBlocked(
  deps: AdminDeps,
  actorId: string,
  id: string,
  blocked: boolean,
): Promise<AdminVisitor> {
  const before = await deps.db.prisma.visitor.findUnique({ where: { id } });
  if (!before) throw new DomainError('not_found', 'No such visitor');
  const v = await deps.db.prisma.visitor.update({ where: { id }, data: { blocked }, include });
  if (blocked) {
    // In this order: their tabs see the conversation close, then are closed as blocked (4403) on
    // every process, then their sessions end, so that a blocked visitor keeps no working token. With
    // the sessions gone first, the heartbeat's session re-check could close a tab as expired (4401)
    // before it saw either.
    await closeOpen(deps, id);
    await revokeVisitor(deps, id, 'This visitor is blocked');
    await deps.db.prisma.visitorSession.deleteMany({ where: { visitorId: id } });
  }
  await audit(deps.db.prisma, actorId, blocked ? 'visitor.block' : 'visitor.unblock', id);
  return toAdmin(v);
}

function revokeVisitor(deps: AdminDeps, visitorId: string, reason: string): Promise<void> {
  return deps.bus.publish(topics.visitor(visitorId), { kind: 'visitor.revoked', visitorId, reason });
}

/** Erasure (GDPR): everything about the visitor, files included. The audit keeps only the id. */
export async function eraseVisitor(
  deps: AdminDeps,
  actorId: string,
  id: string,
): Promise<VisitorEraseResponse> {
  const before = await deps.db.prisma.visitor.findUnique({ where: { id }, include });
  if (!before) throw new DomainError('not_found', 'No such visitor');
  await closeOpen(deps, id);
  const files = await deps.db.prisma.attachment.findMany({
    where: { conversation: { visitorId: id } },
    select: { storageKey: true },
  });
  await deps.db.prisma.visitor.delete({ where: { id } });
  await revokeVisitor(deps, id, 'This visitor was erased');
  const removed = await removeStoredFiles(
    deps.env.filesDir,
    files.map((f) => f.storageKey),
  );
  await audit(deps.db.prisma, actorId, 'visitor.erase', id, {
    conversations: before._count.conversations,
    files: removed,
  });
  return { ok: true, conversations: before._count.conversations, files: removed };
}
