import { ApiError, type ErrorFrame, type ReplayPageFrame, type VisitorServerFrame } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminTestServer, type AdminTestServer } from '../test-support/admin-helpers.js';
import {
  claim,
  conversationRow,
  roundTrip,
  shownMessages,
  startConversation,
  visitorSays,
} from '../test-support/conversations.js';
import { routeTable, type RouteEntry } from '../test-support/route-table.js';
import { cid } from '../test-support/test-server.js';

// Issue 6, authorization on every REST route: the routes are read from the running server, so a
// route added later is checked without anyone remembering to list it here.

/** Routes that do not take an agent session, each with what guards it instead. */
const NOT_AGENT_ROUTES = new Map<string, string>([
  ['POST /api/auth/login', 'signs in: checks the console Origin itself (auth.test.ts)'],
  ['POST /api/widget/session', "visitor: the site's allowed origins (widget-session.test.ts)"],
  ['POST /api/widget/offline', 'visitor: token in the body, site origins'],
  ['POST /api/widget/attachments', 'visitor: bearer visitor token (attachments.test.ts)'],
  ['POST /api/invites/accept', 'the single-use invite token is the credential (agents.test.ts)'],
  ['GET /api/widget/config', 'public site look'],
  ['GET /api/files/:id', 'signed, expiring URL (attachments.test.ts)'],
  ['GET /api/invites/:token', 'the invite token is the credential'],
]);
/** Admin-only routes outside /api/admin (kept for older consoles). */
const ADMIN_ELSEWHERE = ['/api/sites', '/api/sites/:id'];

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const key = (r: RouteEntry) => `${r.method} ${r.url}`;
const isAdmin = (r: RouteEntry) => r.url.startsWith('/api/admin/') || ADMIN_ELSEWHERE.includes(r.url);
/** Ids need not exist: access is checked before anything is looked up. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'x');

let t: AdminTestServer;
let routes: RouteEntry[];
beforeAll(async () => {
  t = await startAdminTestServer();
  // HEAD is answered by the GET handler, hooks included; its empty body carries no error code.
  routes = routeTable(t.app).filter((r) => r.method !== 'HEAD');
});
afterAll(async () => t.stop());

/** A raw request: an empty JSON object for methods with a body, so only authorization can refuse. */
async function call(r: RouteEntry, opts: { cookie?: string; origin?: string | null; bearer?: string } = {}) {
  const headers: Record<string, string> = {};
  const origin = opts.origin === undefined ? t.origin : opts.origin;
  if (origin) headers.origin = origin;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  const withBody = r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH';
  if (withBody) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.base}${concrete(r.url)}`, {
    method: r.method,
    headers,
    ...(withBody ? { body: '{}' } : {}),
  });
  const text = await res.text();
  let code: string | null = null;
  try {
    const parsed = ApiError.safeParse(JSON.parse(text));
    code = parsed.success ? parsed.data.error.code : null;
  } catch {
    code = null;
  }
  return { status: res.status, code };
}

const agentRoutes = (filter: (r: RouteEntry) => boolean) =>
  routes.filter((r) => r.url.startsWith('/api/') && !NOT_AGENT_ROUTES.has(key(r)) && filter(r));

describe('the route table', () => {
  it('is read from the server: known routes are there, and every exception still exists', () => {
    const keys = new Set(routes.map(key));
    for (const known of [
      'POST /api/auth/logout',
      'PATCH /api/admin/departments/:id',
      'POST /api/admin/webhooks/:id/deliveries/:deliveryId/retry',
      'POST /api/conversations/:id/claim',
      'DELETE /api/me/tokens/:id',
    ])
      expect(keys).toContain(known);
    for (const exception of NOT_AGENT_ROUTES.keys()) expect(keys).toContain(exception);
    expect(agentRoutes((r) => STATE_CHANGING.has(r.method)).length).toBeGreaterThanOrEqual(40);
  });
});

describe('every state-changing agent route', () => {
  it('answers 401 without a session, before reading the body', async () => {
    const wrong: string[] = [];
    for (const r of agentRoutes((x) => STATE_CHANGING.has(x.method))) {
      const res = await call(r);
      if (res.status !== 401 || res.code !== 'unauthorized') wrong.push(`${key(r)} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to a valid admin session from another Origin, or none (CSRF), changing nothing', async () => {
    const before = await t.app.db.prisma.auditEvent.count();
    const wrong: string[] = [];
    for (const r of agentRoutes((x) => STATE_CHANGING.has(x.method))) {
      for (const origin of ['https://evil.example.com', `http://sub.localhost:${t.port}`, null]) {
        const res = await call(r, { cookie: t.adminCookie, origin });
        if (res.status !== 403 || res.code !== 'forbidden')
          wrong.push(`${key(r)} ${origin} -> ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await t.app.db.prisma.auditEvent.count()).toBe(before);
    // The same session from the console's origin works: the refusals were about Origin.
    expect((await t.asAdmin('GET', '/api/auth/me')).status).toBe(200);
  });

  it('a visitor token is no agent credential on any agent route (bearer tokens skip the Origin rule)', async () => {
    const visitor = await t.visitorSession();
    const wrong: string[] = [];
    for (const r of agentRoutes(() => true)) {
      const res = await call(r, { bearer: visitor.token, origin: null });
      if (res.status !== 401) wrong.push(`${key(r)} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('every agent route that reads', () => {
  it('answers 401 without a session', async () => {
    const wrong: string[] = [];
    for (const r of agentRoutes((x) => x.method === 'GET')) {
      const res = await call(r);
      if (res.status !== 401) wrong.push(`${key(r)} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('every admin route', () => {
  it('answers 403 to an agent who is not an admin, with the console Origin', async () => {
    const admin = routes.filter(isAdmin);
    expect(admin.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const r of admin) {
      const res = await call(r, { cookie: t.agent.cookie });
      if (res.status !== 403 || res.code !== 'forbidden') wrong.push(`${key(r)} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('an agent outside the conversation’s department', () => {
  it('is refused on every conversation route, REST and socket, and nothing changes', async () => {
    const sales = await t.app.db.prisma.department.create({ data: { name: 'Sales (matrix)' } });
    const outsider = await t.createAgent('Olga Outsider', { departmentId: sales.id });
    const { visitor, conversationId } = await startConversation(t);
    const other = await startConversation(t);
    expect((await claim(t, t.adminCookie, other.conversationId)).status).toBe(200);

    // Each conversation route with a body that passes validation, so the access check is what answers.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const requests: Record<string, { body?: unknown; raw?: Buffer }> = {
      'GET /api/conversations/:id': {},
      'POST /api/conversations/:id/claim': {},
      'POST /api/conversations/:id/close': {},
      'POST /api/conversations/:id/transfer': { body: { departmentId: sales.id } },
      'POST /api/conversations/:id/reopen': {},
      'POST /api/conversations/:id/email-reply': { body: { text: 'hello from outside' } },
      'POST /api/conversations/:id/attachments': { raw: png },
    };
    const conversationRoutes = routes.filter((r) => r.url.startsWith('/api/conversations/:id'));
    expect(conversationRoutes.map(key).sort()).toEqual(Object.keys(requests).sort());

    for (const r of conversationRoutes) {
      for (const id of [conversationId, other.conversationId]) {
        const spec = requests[key(r)] ?? {};
        const headers: Record<string, string> = { origin: t.origin, cookie: outsider.cookie };
        if (spec.body !== undefined) headers['content-type'] = 'application/json';
        if (spec.raw) {
          headers['content-type'] = 'image/png';
          headers['x-file-name'] = 'x.png';
          headers['x-client-msg-id'] = cid('file');
        }
        const res = await fetch(`${t.base}${r.url.replace(':id', id)}`, {
          method: r.method,
          headers,
          ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
          ...(spec.raw ? { body: spec.raw } : {}),
        });
        expect([key(r), res.status]).toEqual([key(r), 403]);
      }
    }

    const socket = await t.agentSocket(outsider.cookie);
    for (const frame of [
      { type: 'conversation.watch', conversationId, afterSeq: 0 },
      { type: 'typing', conversationId, isTyping: true },
      { type: 'read', conversationId, seq: 1 },
      { type: 'message.send', conversationId, clientMsgId: cid(), text: 'hi', note: false },
    ]) {
      socket.send(frame);
      const error = await socket.next<ErrorFrame>((f) => f.type === 'error');
      expect([frame.type, error.code]).toEqual([frame.type, 'forbidden']);
    }
    await roundTrip(socket);
    await roundTrip(visitor);
    expect(visitor.all((f) => f.type === 'typing' || f.type === 'read')).toEqual([]);
    expect(await conversationRow(t, conversationId)).toMatchObject({
      status: 'QUEUED',
      assigneeId: null,
      departmentId: t.department.id,
      lastSeq: 1,
    });
    expect(await conversationRow(t, other.conversationId)).toMatchObject({
      status: 'ACTIVE',
      departmentId: t.department.id,
    });
    expect(await t.app.db.prisma.attachment.count({ where: { conversationId } })).toBe(0);
    await Promise.all([socket.close(), visitor.close(), other.visitor.close()]);
  });
});

describe('a visitor token of conversation A', () => {
  it('cannot watch, read, mark, rate or write conversation B, over the socket or REST', async () => {
    const a = await startConversation(t, 'alice: my order number is 1234');
    const b = await startConversation(t, 'bob here');
    // B closed, so a rating would otherwise be accepted.
    expect((await claim(t, t.adminCookie, b.conversationId)).status).toBe(200);
    expect((await t.asAdmin('POST', `/api/conversations/${b.conversationId}/close`, {})).status).toBe(200);

    // A fresh socket of A asking, in its hello, to watch B: it is shown its own conversation only.
    const peek = await t.visitor(a.visitor.token, { conversationId: b.conversationId, afterSeq: 0 });
    await roundTrip(peek);
    expect(shownMessages(peek, b.conversationId)).toEqual([]);
    const page = peek.all<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(page.every((p) => p.conversationId === a.conversationId)).toBe(true);

    for (const frame of [
      { type: 'replay', conversationId: b.conversationId, afterSeq: 0 },
      { type: 'history', conversationId: b.conversationId, beforeSeq: 10 },
      { type: 'read', conversationId: b.conversationId, seq: 1 },
      { type: 'rating.submit', conversationId: b.conversationId, rating: 1, comment: 'spite' },
    ]) {
      peek.send(frame);
      const error = await peek.next<ErrorFrame>((f) => f.type === 'error');
      expect([frame.type, error.code]).toEqual([frame.type, 'forbidden']);
    }
    // A message smuggling B's id lands in A's own conversation.
    const ack = await visitorSays(peek, 'is this B?');
    expect(ack.conversationId).toBe(a.conversationId);

    // REST: a visitor token is not an agent credential, on B's routes or any other.
    for (const path of [
      `/api/conversations/${b.conversationId}`,
      `/api/conversations/${b.conversationId}/reopen`,
    ]) {
      const res = await fetch(`${t.base}${path}`, {
        method: path.endsWith('reopen') ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${a.visitor.token}`, origin: t.origin },
      });
      expect([path, res.status]).toEqual([path, 401]);
    }

    await roundTrip(b.visitor);
    const bShown = b.visitor.all<VisitorServerFrame>(() => true);
    expect(JSON.stringify(bShown)).not.toContain('is this B?');
    expect(await conversationRow(t, b.conversationId)).toMatchObject({ rating: null, visitorReadSeq: 0 });
    await Promise.all([a.visitor.close(), b.visitor.close(), peek.close()]);
  });
});
