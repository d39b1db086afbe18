import { ApiError, type AgentServerFrame, type ErrorFrame } from '@livechat/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AgentSocket } from '../realtime/agent-socket.js';
import { ADMIN, startTestServer, WsClient, type TestServer } from '../test-support/test-server.js';

// Issue 6: login throttling, the session cookie's attributes, and session expiry and revocation
// enforced on REST, on the socket upgrade and on sockets already open.

const LOGIN_RATE = 3;

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

const agentUrl = () => `ws://127.0.0.1:${t.port}/ws/agent`;

/**
 * The heartbeat's session check, run now. Not `heartbeat()` itself: the registry's own timer may
 * have pinged a socket a moment before, and a second ping before its pong arrives terminates it.
 */
const recheckAgentSessions = () =>
  t.app.sockets.forEach((s) => {
    if (s instanceof AgentSocket) s.recheckSession();
  });

describe('the session cookie', () => {
  it('is httpOnly, SameSite=Lax, for the whole site, and not Secure over plain http', async () => {
    const res = await fetch(`${t.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.origin },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    expect(res.status).toBe(200);
    const attrs = (res.headers.get('set-cookie') ?? '').split(';').map((a) => a.trim().toLowerCase());
    expect(attrs[0]).toMatch(/^lc_session=[\w-]{40,}$/);
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    expect(attrs.some((a) => a.startsWith('expires='))).toBe(true);
    expect(attrs).not.toContain('secure');
  });

  it('is Secure when the console is served over https', async () => {
    const secure = await startTestServer({ PUBLIC_URL: 'https://chat.example.com' });
    try {
      const res = await fetch(`${secure.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://chat.example.com' },
        body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
      });
      expect(res.status).toBe(200);
      expect((res.headers.get('set-cookie') ?? '').toLowerCase()).toMatch(/;\s*secure(;|$)/);
    } finally {
      await secure.stop();
    }
  });
});

describe('session expiry and revocation', () => {
  it('an expired session is refused on REST and at the upgrade, and an open socket is closed', async () => {
    const cookie = await t.login();
    const socket = await t.agentSocket(cookie);
    const ttl = t.app.env.sessionTtlMs;
    const later = Date.now() + ttl + 60_000;
    vi.spyOn(Date, 'now').mockReturnValue(later);

    const me = await t.api('GET', '/api/auth/me', { cookie });
    expect(me.status).toBe(401);
    expect(ApiError.parse(me.json).error.code).toBe('unauthorized');
    await expect(WsClient.open<AgentServerFrame>(agentUrl(), { origin: t.origin, cookie })).rejects.toThrow(
      'upgrade refused: 401',
    );
    // What the heartbeat timer does every HEARTBEAT_MS, done now.
    recheckAgentSessions();
    const error = await socket.next<ErrorFrame>((f) => f.type === 'error');
    expect(error.code).toBe('unauthorized');
    await expect(socket.next(() => false)).rejects.toThrow(/socket closed \(4401/);
  });

  it('a session revoked while the bus was away is caught by the heartbeat backstop', async () => {
    const cookie = await t.login();
    const socket = await t.agentSocket(cookie);
    const other = await t.agentSocket(await t.login());
    const token = decodeURIComponent(cookie.split('=')[1] ?? '');
    const { hashToken } = await import('../auth/tokens.js');
    // Straight in the database: no bus event, as when another process revoked it during a bus outage.
    await t.app.db.prisma.agentSession.update({
      where: { tokenHash: hashToken(token) },
      data: { revoked: true },
    });

    expect((await t.api('GET', '/api/auth/me', { cookie })).status).toBe(401);
    recheckAgentSessions();
    const error = await socket.next<ErrorFrame>((f) => f.type === 'error');
    expect(error.code).toBe('unauthorized');
    await expect(socket.next(() => false)).rejects.toThrow(/socket closed \(4401/);
    expect(other.closed).toBeNull();
    await other.close();
  });
});

describe('login throttling', () => {
  it(`allows ${LOGIN_RATE} attempts a minute per address, then 429 even with the right password`, async () => {
    // A server of its own: the others here sign in freely (LOGIN_RATE_PER_MIN of the test server).
    const fresh = await startTestServer({ LOGIN_RATE_PER_MIN: String(LOGIN_RATE) });
    try {
      const attempt = (password: string) =>
        fresh.api('POST', '/api/auth/login', { body: { email: ADMIN.email, password } });
      for (let i = 0; i < LOGIN_RATE; i++) expect((await attempt(`guess-number-${i}`)).status).toBe(401);
      const blocked = await attempt(ADMIN.password);
      expect(blocked.status).toBe(429);
      expect(ApiError.parse(blocked.json).error.code).toBe('rate_limited');
      expect(blocked.headers.get('set-cookie')).toBeNull();
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await fresh.app.db.prisma.agentSession.count()).toBe(0);
      // Only sign-in is throttled: the rest of the API still answers this address.
      expect((await fresh.api('GET', `/api/widget/config?siteKey=${fresh.site.key}`)).status).toBe(200);
    } finally {
      await fresh.stop();
    }
  });
});
