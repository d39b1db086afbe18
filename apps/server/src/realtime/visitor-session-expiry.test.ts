import type { ErrorFrame } from '@livechat/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashToken } from '../auth/tokens.js';
import { roundTrip, type VisitorClient } from '../test-support/conversations.js';
import { SESSION_IDS_PER_QUERY, sessionExpiries } from '../store/visitor-sessions.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { VisitorSocket } from './visitor-socket.js';

// DESIGN.md: session expiry is re-checked on the heartbeat. A visitor's session is checked at hello;
// a socket open for days must not outlive its session (expired, or deleted with a blocked visitor).

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * The heartbeat's session check, run now. Not `heartbeat()` itself: the registry's own timer may
 * have pinged a socket a moment before, and a second ping before its pong arrives terminates it.
 */
const recheckVisitorSessions = () =>
  t.app.sockets.forEach((s) => {
    if (s instanceof VisitorSocket) s.recheckSession();
  });

async function closedCode(visitor: VisitorClient): Promise<number | undefined> {
  await visitor.next(() => false, 3000).catch(() => undefined);
  return visitor.closed?.code;
}

describe("a visitor socket's session", () => {
  it('closes the socket (4401, after an unauthorized error) once the session expired or is gone', async () => {
    const expired = await t.visitor();
    const deleted = await t.visitor();
    const current = await t.visitor();
    await t.app.db.prisma.visitorSession.update({
      where: { tokenHash: hashToken(expired.token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await t.app.db.prisma.visitorSession.delete({ where: { tokenHash: hashToken(deleted.token) } });

    recheckVisitorSessions();
    for (const visitor of [expired, deleted]) {
      const error = await visitor.next<ErrorFrame>((f) => f.type === 'error');
      expect(error.code).toBe('unauthorized');
      expect(await closedCode(visitor)).toBe(4401);
    }
    // A session still valid keeps its socket.
    await roundTrip(current);
    expect(current.closed).toBeNull();
    expect(current.all((f) => f.type === 'error')).toEqual([]);
    await current.close();
  });

  it('is read for many sockets in one query', async () => {
    const visitors = await Promise.all(Array.from({ length: 12 }, () => t.visitor()));
    const sessions = await t.app.db.prisma.visitorSession.findMany({
      where: { tokenHash: { in: visitors.map((v) => hashToken(v.token)) } },
      select: { id: true },
    });
    const reads = vi.spyOn(t.app.store.sql, 'all');
    const expiring = visitors[0];
    if (!expiring) throw new Error('no visitor');
    await t.app.db.prisma.visitorSession.update({
      where: { tokenHash: hashToken(expiring.token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    recheckVisitorSessions();
    expect(await closedCode(expiring)).toBe(4401);
    // The registry's own heartbeat may have checked a few sockets too, each slice in its own query.
    const asked = reads.mock.calls
      .filter(([sql]) => sql.includes('"VisitorSession"'))
      .map(([, args]) => args ?? []);
    expect(sessions).toHaveLength(12);
    expect(asked.some((args) => sessions.every((s) => args.includes(s.id)))).toBe(true);
    for (const v of visitors.slice(1)) {
      await roundTrip(v);
      expect(v.closed).toBeNull();
    }
    await Promise.all(visitors.map((v) => v.close()));
  });

  it('is read in fixed-size queries however many sockets ask, with each expiry as stored', async () => {
    const visitors = [await t.visitor(), await t.visitor()];
    const rows = await t.app.db.prisma.visitorSession.findMany({
      where: { tokenHash: { in: visitors.map((v) => hashToken(v.token)) } },
      select: { id: true, expiresAt: true },
    });
    const [first, last] = rows;
    if (!first || !last) throw new Error('no sessions');
    // Across a query boundary, with ids that match nothing between them (closed tabs, deleted sessions).
    const unknown = Array.from({ length: SESSION_IDS_PER_QUERY + 3 }, (_, i) => `gone-${i}`);
    const expiries = await sessionExpiries(t.app.store, [first.id, ...unknown, last.id]);
    expect(expiries).toEqual(
      new Map([
        [first.id, first.expiresAt.getTime()],
        [last.id, last.expiresAt.getTime()],
      ]),
    );
    await Promise.all(visitors.map((v) => v.close()));
  });
});
