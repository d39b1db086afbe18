import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, SiteSummary, VisitorSessionResponse } from '@livechat/protocol';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// DESIGN.md "Auth and origins": the loader asks for a visitor session by CORS from the host page,
// whose Origin must be one the site allows.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const shop = 'https://shop.example.com';

describe('POST /api/widget/session', () => {
  it('refuses an origin the site does not allow, then accepts it once the admin allows it', async () => {
    const session = (origin: string | null, token: string | null = null) =>
      t.api('POST', '/api/widget/session', { origin, body: { siteKey: t.site.key, token } });

    const refused = await session(shop);
    expect(refused.status).toBe(403);
    expect(ApiError.parse(refused.json).error.code).toBe('forbidden');
    // The loader must be able to read the refusal, so CORS allows this origin to see it.
    expect(refused.headers.get('access-control-allow-origin')).toBe(shop);
    expect((await session(null)).status).toBe(403);

    const admin = await t.login();
    const patched = await t.api('PATCH', `/api/sites/${t.site.id}`, {
      cookie: admin,
      body: { allowedOrigins: [shop] },
    });
    expect(patched.status).toBe(200);
    expect(SiteSummary.parse(patched.json).allowedOrigins).toEqual([shop]);

    const accepted = await session(shop);
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('access-control-allow-origin')).toBe(shop);
    const first = VisitorSessionResponse.parse(accepted.json);

    const again = VisitorSessionResponse.parse((await session(shop, first.token)).json);
    expect(again).toEqual(first);
    const unknown = VisitorSessionResponse.parse((await session(shop, 'x'.repeat(43))).json);
    expect(unknown.visitorId).not.toBe(first.visitorId);
    expect(unknown.token).not.toBe(first.token);

    // Another origin is still refused.
    expect((await session('https://elsewhere.example.com')).status).toBe(403);
  });

  it('refuses an agent who is not an admin from changing the allowed origins', async () => {
    const agent = await t.createAgent('Nina Notadmin');
    const res = await t.api('PATCH', `/api/sites/${t.site.id}`, {
      cookie: agent.cookie,
      body: { allowedOrigins: ['*'] },
    });
    expect(res.status).toBe(403);
    const site = await t.app.db.prisma.site.findUniqueOrThrow({ where: { id: t.site.id } });
    expect(site.allowedOrigins).not.toContain('*');
  });
});
