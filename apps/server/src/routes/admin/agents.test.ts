import {
  AgentCreateResponse,
  AgentDeactivateResponse,
  ApiError,
  InviteInfoResponse,
  MeResponse,
  PasswordResetResponse,
} from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminTestServer, type AdminTestServer } from '../../test-support/admin-helpers.js';
import {
  activeChatsOf,
  claim,
  conversationRow,
  startConversation,
} from '../../test-support/conversations.js';

let t: AdminTestServer;
beforeAll(async () => {
  t = await startAdminTestServer();
});
afterAll(async () => t.stop());

describe('agents', () => {
  it('validates the body field by field, and refuses a taken email', async () => {
    const bad = await t.asAdmin('POST', '/api/admin/agents', {
      email: 'not-an-email',
      name: '',
      role: 'OWNER',
      maxChats: 0,
      password: 'short',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(ApiError.parse(bad.json).error.fields ?? {}).sort()).toEqual(
      ['email', 'maxChats', 'name', 'password', 'role'].sort(),
    );
    const taken = await t.asAdmin('POST', '/api/admin/agents', { email: 'admin@example.com', name: 'Twin' });
    expect(taken.status).toBe(409);
    expect(ApiError.parse(taken.json).error.fields?.email).toMatch(/already/);
  });

  it('creates an agent with a password who can sign in at once', async () => {
    const res = await t.asAdmin('POST', '/api/admin/agents', {
      email: 'Mei@Example.com',
      name: 'Mei',
      role: 'AGENT',
      departmentIds: [t.department.id],
      maxChats: 3,
      password: 'mei-password-1',
    });
    expect(res.status).toBe(201);
    const body = AgentCreateResponse.parse(res.json);
    expect(body.invite).toBeNull();
    expect(body.agent).toMatchObject({
      email: 'mei@example.com',
      maxChats: 3,
      departmentIds: [t.department.id],
    });
    await expect(t.login('mei@example.com', 'mei-password-1')).resolves.toMatch(/^lc_session=/);
    const audit = await t.app.db.prisma.auditEvent.findFirst({
      where: { action: 'agent.create', target: body.agent.id },
    });
    expect(audit?.details).not.toContain('mei-password-1');
  });

  it('without a password, an invite link (shown to copy when email is off) sets it once', async () => {
    const res = await t.asAdmin('POST', '/api/admin/agents', { email: 'ana@example.com', name: 'Ana' });
    const { invite, agent } = AgentCreateResponse.parse(res.json);
    expect(invite?.emailed).toBe(false);
    expect(agent.invitePending).toBe(true);
    const token = invite?.url.split('/#/invite/')[1] ?? '';
    const info = await t.api('GET', `/api/invites/${token}`);
    expect(InviteInfoResponse.parse(info.json)).toMatchObject({ email: 'ana@example.com', name: 'Ana' });

    const weak = await t.api('POST', '/api/invites/accept', { body: { token, password: 'x' } });
    expect(ApiError.parse(weak.json).error.fields?.password).toBeDefined();
    const ok = await t.api('POST', '/api/invites/accept', { body: { token, password: 'ana-password-1' } });
    expect(ok.status).toBe(200);
    await expect(t.login('ana@example.com', 'ana-password-1')).resolves.toMatch(/^lc_session=/);
    expect(
      (await t.api('POST', '/api/invites/accept', { body: { token, password: 'ana-password-2' } })).status,
    ).toBe(404);
  });

  it('edits role, departments and capacity; an admin cannot demote themselves', async () => {
    const res = await t.asAdmin('PATCH', `/api/admin/agents/${t.agent.agent.id}`, {
      maxChats: 7,
      name: 'Renamed',
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ maxChats: 7, name: 'Renamed' });
    const me = MeResponse.parse((await t.asAdmin('GET', '/api/auth/me')).json).agent;
    const demote = await t.asAdmin('PATCH', `/api/admin/agents/${me.id}`, { role: 'AGENT' });
    expect(demote.status).toBe(409);
  });

  it('deactivating closes the sockets at once, revokes sessions and requeues open chats', async () => {
    const { agent, cookie } = await t.createAgent('Leaving Agent');
    const socket = await t.agentSocket(cookie);
    const { conversationId } = await startConversation(t);
    expect((await claim(t, cookie, conversationId)).status).toBe(200);

    const res = await t.asAdmin('POST', `/api/admin/agents/${agent.id}/deactivate`);
    expect(res.status).toBe(200);
    expect(AgentDeactivateResponse.parse(res.json)).toMatchObject({ requeued: 1, agent: { active: false } });
    await socket.next((f) => f.type === 'error' && f.code === 'unauthorized');
    expect((await t.api('GET', '/api/auth/me', { cookie })).status).toBe(401);
    await expect(t.login(agent.email, 'agent-password-1')).rejects.toThrow(/401/);
    expect(await conversationRow(t, conversationId)).toMatchObject({ status: 'QUEUED', assigneeId: null });
    expect(await activeChatsOf(t, agent.id)).toBe(0);

    const back = await t.asAdmin('POST', `/api/admin/agents/${agent.id}/activate`);
    expect(back.json).toMatchObject({ agent: { active: true } });
    await expect(t.login(agent.email, 'agent-password-1')).resolves.toMatch(/^lc_session=/);
  });

  it('resets a password: set directly, or by a link; old sessions end', async () => {
    const { agent, cookie } = await t.createAgent('Forgetful Agent');
    const set = await t.asAdmin('POST', `/api/admin/agents/${agent.id}/reset-password`, {
      password: 'brand-new-pass',
    });
    expect(PasswordResetResponse.parse(set.json).invite).toBeNull();
    expect((await t.api('GET', '/api/auth/me', { cookie })).status).toBe(401);
    await expect(t.login(agent.email, 'brand-new-pass')).resolves.toMatch(/^lc_session=/);
    const link = await t.asAdmin('POST', `/api/admin/agents/${agent.id}/reset-password`, {});
    expect(PasswordResetResponse.parse(link.json).invite?.url).toContain('/#/invite/');
  });
});

describe('self-service profile', () => {
  it('an agent edits their own name, avatar and password', async () => {
    const { agent, cookie } = await t.createAgent('Self Service');
    const patched = await t.api('PATCH', '/api/me', {
      cookie,
      body: { name: 'Self S.', avatarUrl: 'https://cdn.example.com/a.png' },
    });
    expect(MeResponse.parse(patched.json).agent).toMatchObject({
      name: 'Self S.',
      avatarUrl: 'https://cdn.example.com/a.png',
    });
    const badUrl = await t.api('PATCH', '/api/me', { cookie, body: { avatarUrl: 'javascript:alert(1)' } });
    expect(ApiError.parse(badUrl.json).error.fields?.avatarUrl).toBeDefined();

    const wrong = await t.api('POST', '/api/me/password', {
      cookie,
      body: { currentPassword: 'nope', newPassword: 'another-pass-1' },
    });
    expect(wrong.status).toBe(400);
    expect(ApiError.parse(wrong.json).error.fields?.currentPassword).toMatch(/current password/);
    const other = await t.login(agent.email, 'agent-password-1');
    const ok = await t.api('POST', '/api/me/password', {
      cookie,
      body: { currentPassword: 'agent-password-1', newPassword: 'another-pass-1' },
    });
    expect(ok.status).toBe(200);
    expect((await t.api('GET', '/api/auth/me', { cookie })).status).toBe(200);
    expect((await t.api('GET', '/api/auth/me', { cookie: other })).status).toBe(401);
    await expect(t.login(agent.email, 'another-pass-1')).resolves.toMatch(/^lc_session=/);
  });
});
