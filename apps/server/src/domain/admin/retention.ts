import { RetentionSettings } from '@livechat/protocol';
import type { AdminDeps } from './admin-deps.js';
import { audit } from './audit.js';
import { readSetting, SETTING_KEYS } from './settings.js';
import { removeStoredFiles } from './stored-files.js';

export const RETENTION_LEASE = 'retention';
const BATCH = 200;

export async function retentionDays(deps: Pick<AdminDeps, 'db'>): Promise<number | null> {
  return (
    (await readSetting(deps.db.prisma, SETTING_KEYS.retention, RetentionSettings))?.retentionDays ?? null
  );
}

/**
 * Deletes CLOSED conversations closed more than retentionDays ago, with their messages (cascade)
 * and files, in batches so the write lock is never held long. Run under the `retention` lease.
 */
export async function applyRetention(deps: AdminDeps, now = Date.now()): Promise<number> {
  const days = await retentionDays(deps);
  if (days === null) return 0;
  const before = new Date(now - days * 86_400_000);
  let deleted = 0;
  for (;;) {
    const batch = await deps.db.prisma.conversation.findMany({
      where: { status: 'CLOSED', closedAt: { lt: before } },
      select: { id: true, attachments: { select: { storageKey: true } } },
      take: BATCH,
    });
    if (batch.length === 0) break;
    await deps.db.prisma.conversation.deleteMany({
      where: { id: { in: batch.map((c) => c.id) }, status: 'CLOSED' },
    });
    await removeStoredFiles(
      deps.env.filesDir,
      batch.flatMap((c) => c.attachments.map((a) => a.storageKey)),
    );
    deleted += batch.length;
    if (batch.length < BATCH) break;
  }
  if (deleted > 0)
    await audit(deps.db.prisma, null, 'retention.delete', '', { conversations: deleted, days });
  return deleted;
}
