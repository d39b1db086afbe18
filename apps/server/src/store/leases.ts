import type { ConversationStore } from './conversation-store.js';
import { toSqlTime } from './sql-time.js';

/**
 * Background work that must run once across processes takes a lease: a row per job name, held by one
 * process until it expires. Taking it is one conditional update (or the first insert), so two
 * processes never both hold it; a holder that crashed loses it when it expires.
 */
export function takeLease(
  store: ConversationStore,
  name: string,
  holder: string,
  ttlMs: number,
): Promise<boolean> {
  return store.tx.run(async (tx) => {
    const now = Date.now();
    const until = toSqlTime(now + ttlMs);
    const updated = await tx.run(
      'UPDATE "Lease" SET holder = ?, expiresAt = ? WHERE name = ? AND (holder = ? OR expiresAt < ?)',
      [holder, until, name, holder, toSqlTime(now)],
    );
    if (updated > 0) return true;
    const inserted = await tx.run(
      'INSERT INTO "Lease" (name, holder, expiresAt) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
      [name, holder, until],
    );
    return inserted > 0;
  });
}

/**
 * Runs `work` every `intervalMs` while this process holds the lease `name` (held for three intervals,
 * renewed at each run). Errors are logged, never thrown: the next run tries again.
 */
export function runUnderLease(
  opts: {
    store: ConversationStore;
    name: string;
    holder: string;
    intervalMs: number;
    onError: (err: unknown) => void;
  },
  work: () => Promise<void>,
): () => void {
  let stopped = false;
  let running = false;
  const tick = async () => {
    if (stopped || running) return;
    running = true;
    try {
      if (await takeLease(opts.store, opts.name, opts.holder, opts.intervalMs * 3)) await work();
    } catch (err) {
      opts.onError(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
