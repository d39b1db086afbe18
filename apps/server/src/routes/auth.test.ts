import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, MeResponse, type AgentServerFrame, type ErrorFrame } from '@livechat/protocol';
import { roundTrip } from '../test-support/conversations.js';
import { ADMIN, startTestServer, WsClient, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const loginWith = (body: unknown, origin?: string) => t.api('POST', '/api/auth/login', { body, origin });

describe('login', () => {
  it('with a wrong password is 401 with an ApiError, and sets no cookie', async () => {
    const res = await loginWith({ email: ADMIN.email, password: 'not-the-password' });
    expect(res.status).toBe(401);
    expect(ApiError.parse(res.json).error.code).toBe('unauthorized');
    expect(res.headers.get('set-cookie')).toBeNull();
    // An unknown email answers exactly the same.
    const unknown = await loginWith({ email: 'nobody@example.com', password: 'not-the-password' });
    expect([unknown.status, ApiError.parse(unknown.json).error]).toEqual([
      401,
      ApiError.parse(res.json).error,
    ]);
  });

  it('with a malformed email is 400 naming the field', async () => {
    const res = await loginWith({ email: 'not-an-email', password: 'whatever-1' });
    expect(res.status).toBe(400);
    const { error } = ApiError.parse(res.json);
    expect(error.code).toBe('bad_request');
    expect(Object.keys(error.fields ?? {})).toEqual(['email']);
  });

  it('from another origin is refused', async () => {
    const res = await loginWith({ email: ADMIN.email, password: ADMIN.password }, 'https://evil.example.com');
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('succeeds with the right password; logout revokes the session everywhere', async () => {
    const cookie = await t.login();
    const me = await t.api('GET', '/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(MeResponse.parse(me.json).agent).toMatchObject({ email: ADMIN.email, role: 'ADMIN' });
    const other = await t.login(); // a second session of the same agent is not affected

    const out = await t.api('POST', '/api/auth/logout', { cookie });
    expect(out.status).toBe(200);
    const after = await t.api('GET', '/api/auth/me', { cookie });
    expect(after.status).toBe(401);
    expect(ApiError.parse(after.json).error.code).toBe('unauthorized');
    await expect(
      WsClient.open<AgentServerFrame>(`ws://127.0.0.1:${t.port}/ws/agent`, { origin: t.origin, cookie }),
    ).rejects.toThrow('upgrade refused: 401');
    expect((await t.api('GET', '/api/auth/me', { cookie: other })).status).toBe(200);
  });

  it("closes the open console sockets of the session that logged out, not the agent's others", async () => {
    // DESIGN.md "Fan-out": session revocation is published on the agent topic, so every process
    // closes those sockets at once (an open socket would otherwise go on receiving chats).
    const cookie = await t.login();
    const other = await t.login();
    const [socket, otherSocket] = await Promise.all([t.agentSocket(cookie), t.agentSocket(other)]);
    expect((await t.api('POST', '/api/auth/logout', { cookie })).status).toBe(200);

    const error = await socket.next<ErrorFrame>((f) => f.type === 'error');
    expect(error.code).toBe('unauthorized');
    await expect(socket.next(() => false)).rejects.toThrow(/socket closed \(4401/);
    await roundTrip(otherSocket);
    expect(otherSocket.closed).toBeNull();
    await otherSocket.close();
  });
});
