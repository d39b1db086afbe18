import { createHmac } from 'node:crypto';
import { VisitorSessionResponse, type ReplayPageFrame, type VisitorWelcome } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationRow, startConversation, visitorSays } from '../test-support/conversations.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { identityHashValid } from './visitor-identity.js';

// DESIGN.md "Identity": a valid HMAC links the visitor to that user's history across devices; without
// it the userId is display-only and links nothing; the old secret stays valid for a grace period.

let t: TestServer;
let secret: string;
beforeAll(async () => {
  t = await startTestServer();
  secret = (await t.app.db.prisma.site.findUniqueOrThrow({ where: { id: t.site.id } })).identitySecret;
});
afterAll(async () => {
  await t.stop();
});

const hmac = (userId: string, key = secret) => createHmac('sha256', key).update(userId).digest('hex');

async function session(body: { token?: string | null; identity?: Record<string, string> }) {
  const res = await t.api('POST', '/api/widget/session', { body: { siteKey: t.site.key, ...body } });
  return { status: res.status, body: res.status === 200 ? VisitorSessionResponse.parse(res.json) : null };
}

describe('identify()', () => {
  it('gives a verified user the same history on a second device', async () => {
    const deviceA = await session({
      identity: { userId: 'user-42', hash: hmac('user-42'), name: 'Ada', email: 'ada@example.com' },
    });
    expect(deviceA.body?.verified).toBe(true);
    const a = await t.visitor(deviceA.body?.token);
    const ack = await visitorSays(a, 'Question from my laptop');

    const deviceB = await session({ identity: { userId: 'user-42', hash: hmac('user-42') } });
    expect(deviceB.body?.verified).toBe(true);
    expect(deviceB.body?.visitorId).toBe(deviceA.body?.visitorId);
    expect(deviceB.body?.token).not.toBe(deviceA.body?.token);
    const b = await t.visitor(deviceB.body?.token);
    const welcome = b.all<VisitorWelcome>((f) => f.type === 'welcome')[0];
    expect(welcome?.conversation?.id).toBe(ack.conversationId);
    const page = await b.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(page.messages.map((m) => m.text)).toContain('Question from my laptop');

    const visitor = await t.app.db.prisma.visitor.findUniqueOrThrow({
      where: { id: deviceA.body?.visitorId ?? '' },
    });
    expect(visitor).toMatchObject({ externalId: 'user-42', name: 'Ada', email: 'ada@example.com' });
    await a.close();
    await b.close();
  });

  it('links nothing without a valid hash: the userId is only a claim', async () => {
    const real = await session({ identity: { userId: 'user-7', hash: hmac('user-7') } });
    const forged = await session({ identity: { userId: 'user-7', hash: hmac('user-7', 'wrong secret') } });
    const missing = await session({ identity: { userId: 'user-7', name: 'Mallory' } });
    for (const s of [forged, missing]) {
      expect(s.body?.verified).toBe(false);
      expect(s.body?.visitorId).not.toBe(real.body?.visitorId);
    }
    const claimed = await t.app.db.prisma.visitor.findUniqueOrThrow({
      where: { id: missing.body?.visitorId ?? '' },
    });
    expect(claimed).toMatchObject({ externalId: null, claimedId: 'user-7', name: 'Mallory' });

    // A verified visitor's token does not carry over to a claim of another user.
    const other = await session({ token: real.body?.token ?? null, identity: { userId: 'user-8' } });
    expect(other.body?.visitorId).not.toBe(real.body?.visitorId);
    expect(other.body?.verified).toBe(false);
  });

  it("moves an anonymous visitor's conversations to the verified one, unless it has an open one", async () => {
    const { visitor, conversationId } = await startConversation(t, 'Asked before logging in');
    const identified = await session({
      token: visitor.token,
      identity: { userId: 'user-99', hash: hmac('user-99') },
    });
    expect(identified.body?.verified).toBe(true);
    const moved = await conversationRow(t, conversationId);
    expect(moved.visitorId).toBe(identified.body?.visitorId);
    expect(moved.openKey).toBe(`${t.site.id}:${identified.body?.visitorId}`);
    await visitor.close();

    // The verified visitor now has an open conversation: another anonymous one stays where it is.
    const second = await startConversation(t, 'Another browser, not logged in');
    const linked = await session({
      token: second.visitor.token,
      identity: { userId: 'user-99', hash: hmac('user-99') },
    });
    expect(linked.body?.visitorId).toBe(identified.body?.visitorId);
    expect((await conversationRow(t, second.conversationId)).visitorId).not.toBe(identified.body?.visitorId);
    await second.visitor.close();
  });

  it('accepts the previous secret only during the rotation grace', () => {
    const now = Date.now();
    const site = {
      identitySecret: 'new-secret',
      previousSecret: 'old-secret',
      previousSecretUntil: new Date(now + 60_000),
    };
    expect(identityHashValid(site, 'u', hmac('u', 'new-secret'), now)).toBe(true);
    expect(identityHashValid(site, 'u', hmac('u', 'old-secret'), now)).toBe(true);
    expect(identityHashValid(site, 'u', hmac('u', 'old-secret'), now + 61_000)).toBe(false);
    expect(identityHashValid(site, 'u', hmac('v', 'new-secret'), now)).toBe(false);
    expect(identityHashValid(site, 'u', 'zz', now)).toBe(false);
  });

  it('refuses an unverifiable identity on a site that requires verified identities', async () => {
    await t.app.db.prisma.site.update({ where: { id: t.site.id }, data: { identityRequired: true } });
    try {
      expect((await session({ identity: { userId: 'user-1', hash: 'ab' } })).status).toBe(403);
      expect((await session({ identity: { userId: 'user-1', hash: hmac('user-1') } })).status).toBe(200);
    } finally {
      await t.app.db.prisma.site.update({ where: { id: t.site.id }, data: { identityRequired: false } });
    }
  });
});

describe('setAttributes()', () => {
  it('merges attributes into the visitor, shown in the conversation detail, within bounds', async () => {
    const { visitor, conversationId } = await startConversation(t);
    visitor.send({ type: 'profile.update', attributes: { plan: 'pro', seats: '3' } });
    visitor.send({ type: 'profile.update', attributes: { seats: '', company: 'Acme' } });
    visitor.send({ type: 'ping' });
    await visitor.next((f) => f.type === 'pong');
    const admin = await t.login();
    const detail = await t.api('GET', `/api/conversations/${conversationId}`, { cookie: admin });
    expect(detail.json).toMatchObject({ visitor: { attributes: { plan: 'pro', company: 'Acme' } } });
    expect(JSON.stringify(detail.json)).not.toContain('seats');

    const many = Object.fromEntries(Array.from({ length: 29 }, (_, i) => [`k${i}`, 'v']));
    visitor.send({ type: 'profile.update', attributes: many });
    const error = await visitor.next((f) => f.type === 'error');
    expect(error).toMatchObject({ code: 'bad_request' });
    visitor.send({ type: 'profile.update', attributes: { ['x'.repeat(65)]: 'v' } });
    expect(await visitor.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_request' });
    await visitor.close();
  });
});
