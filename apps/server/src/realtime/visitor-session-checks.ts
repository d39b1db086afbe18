import type { FastifyInstance } from 'fastify';
import { sessionExpiries } from '../store/visitor-sessions.js';

/** A socket whose visitor session is re-checked. */
export interface VisitorSessionHolder {
  /** The VisitorSession it said hello with; null before hello (nothing to check). */
  readonly visitorSessionId: string | null;
  /** Its session expired or is gone (deleted with a blocked or erased visitor). */
  visitorSessionEnded(): void;
}

/** Per server (tests run several in one process), the sockets asked for in the current turn. */
const pending = new WeakMap<FastifyInstance, VisitorSessionHolder[]>();

/**
 * Re-checks a visitor socket's session against the database: its expiry (DESIGN.md: session expiry
 * is re-checked on the heartbeat) and its existence (a backstop for a visitor blocked or erased while
 * this process's Bus was away, which deletes their sessions). The heartbeat asks for a slice of ~40
 * sockets in one event-loop turn (socket-registry.ts); the sessions asked for in one turn are read in
 * one query after it (store/visitor-sessions.ts: plain SQL, not Prisma), so 10,000 idle visitors cost
 * ~10 small queries a second (a round is 25 s), not one per socket, and no socket holds a timer.
 */
export function recheckVisitorSession(app: FastifyInstance, holder: VisitorSessionHolder): void {
  let batch = pending.get(app);
  if (!batch) {
    const fresh: VisitorSessionHolder[] = [];
    pending.set(app, fresh);
    setImmediate(() => {
      pending.delete(app);
      void readSessions(app, fresh);
    });
    batch = fresh;
  }
  batch.push(holder);
}

async function readSessions(app: FastifyInstance, batch: VisitorSessionHolder[]): Promise<void> {
  const ids = new Set<string>();
  for (const holder of batch) if (holder.visitorSessionId !== null) ids.add(holder.visitorSessionId);
  if (ids.size === 0) return;
  let expiresAt: Map<string, number>;
  try {
    expiresAt = await sessionExpiries(app.store, [...ids]);
  } catch (err) {
    // The next heartbeat asks again; a database that is away must not close every visitor.
    app.log.warn({ err }, 'visitor session re-check failed');
    return;
  }
  const now = Date.now();
  for (const holder of batch) {
    if (holder.visitorSessionId === null) continue;
    const at = expiresAt.get(holder.visitorSessionId);
    if (at === undefined || at <= now) holder.visitorSessionEnded();
  }
}
