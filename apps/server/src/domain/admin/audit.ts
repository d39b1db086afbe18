import type { AuditItem, AuditListResponse, AuditQuery } from '@livechat/protocol';
import * as z from 'zod/mini';
import type { PrismaClient } from '../../generated/prisma-sqlite/client.js';

/** Keys whose values never reach the audit log, whatever the caller passes. */
const SECRET_KEYS = /password|secret|token|hash/i;

function withoutSecrets(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : v]),
  );
}

/** Writes one audit event: who (null = the system) did what to which id, and what changed. */
export async function audit(
  prisma: PrismaClient,
  actorId: string | null,
  action: string,
  target: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await prisma.auditEvent.create({
    data: { actorId, action, target, details: JSON.stringify(withoutSecrets(details)) },
  });
}

const Details = z.record(z.string(), z.unknown());

/** A page of the audit log, newest first; the cursor is the last item's id (ties on createdAt broken by id). */
export async function listAudit(prisma: PrismaClient, query: AuditQuery): Promise<AuditListResponse> {
  const limit = query.limit ?? 50;
  const rows = await prisma.auditEvent.findMany({
    where: {
      ...(query.action ? { action: { startsWith: query.action } } : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  const actorIds = [...new Set(page.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const actors = await prisma.agent.findMany({
    where: { id: { in: actorIds } },
    select: { id: true, name: true },
  });
  const byId = new Map(actors.map((a) => [a.id, a]));
  const items: AuditItem[] = page.map((r) => {
    const parsed = Details.safeParse(JSON.parse(r.details));
    return {
      id: r.id,
      actor: (r.actorId && byId.get(r.actorId)) || null,
      action: r.action,
      target: r.target,
      details: parsed.success ? parsed.data : {},
      createdAt: r.createdAt.getTime(),
    };
  });
  return { items, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
