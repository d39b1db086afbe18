import type { PrismaClient } from '../generated/prisma-sqlite/client.js';

export type SiteDepartmentsEntry = { ids: ReadonlySet<string>; defaultDepartmentId: string | null };

/**
 * Which departments a site's visitors may be routed to (its own and the global ones) and its default.
 * Every visitor's hello needs it, and thousands reconnect at once after a restart: kept for a few
 * seconds and shared by all sockets of the site, so a storm costs one query per site, not per socket.
 */
export class SiteDepartments {
  private readonly cache = new Map<string, { at: number; entry: Promise<SiteDepartmentsEntry> }>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlMs = 10_000,
  ) {}

  of(siteId: string): Promise<SiteDepartmentsEntry> {
    const hit = this.cache.get(siteId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.entry;
    const entry = this.load(siteId);
    this.cache.set(siteId, { at: Date.now(), entry });
    entry.catch(() => this.cache.delete(siteId));
    return entry;
  }

  /** After an admin changed departments or a site's default. */
  invalidate(): void {
    this.cache.clear();
  }

  private async load(siteId: string): Promise<SiteDepartmentsEntry> {
    const [site, departments] = await Promise.all([
      this.prisma.site.findUnique({ where: { id: siteId }, select: { defaultDepartmentId: true } }),
      this.prisma.department.findMany({
        where: { OR: [{ siteId }, { siteId: null }] },
        select: { id: true },
      }),
    ]);
    const ids = new Set(departments.map((d) => d.id));
    const preferred = site?.defaultDepartmentId ?? null;
    return { ids, defaultDepartmentId: preferred && ids.has(preferred) ? preferred : ([...ids][0] ?? null) };
  }
}
