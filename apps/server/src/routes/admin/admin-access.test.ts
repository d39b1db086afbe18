import { ApiError } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminTestServer, type AdminTestServer } from '../../test-support/admin-helpers.js';

/** Every admin route: 401 without a session, 403 for an agent. Ids need not exist: access is checked first. */
const ADMIN_ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/api/admin/departments'],
  ['POST', '/api/admin/departments', { name: 'X' }],
  ['PATCH', '/api/admin/departments/x', { name: 'X' }],
  ['DELETE', '/api/admin/departments/x'],
  ['GET', '/api/admin/agents'],
  ['GET', '/api/admin/agents/x'],
  ['POST', '/api/admin/agents', { email: 'a@example.com', name: 'A' }],
  ['PATCH', '/api/admin/agents/x', { name: 'A' }],
  ['POST', '/api/admin/agents/x/deactivate'],
  ['POST', '/api/admin/agents/x/activate'],
  ['POST', '/api/admin/agents/x/reset-password', {}],
  ['GET', '/api/admin/sites'],
  ['GET', '/api/admin/sites/x'],
  ['POST', '/api/admin/sites', { name: 'S' }],
  ['PATCH', '/api/admin/sites/x', { name: 'S' }],
  ['DELETE', '/api/admin/sites/x'],
  ['GET', '/api/admin/sites/x/identity-secret'],
  ['POST', '/api/admin/sites/x/rotate-secret', {}],
  ['GET', '/api/sites'],
  ['PATCH', '/api/sites/x', { name: 'S' }],
  ['GET', '/api/admin/canned-responses'],
  ['POST', '/api/admin/canned-responses', { shortcut: 'hi', body: 'Hi' }],
  ['PATCH', '/api/admin/canned-responses/x', { body: 'Hi' }],
  ['DELETE', '/api/admin/canned-responses/x'],
  ['GET', '/api/admin/reports?from=2025-01-01&to=2025-01-31'],
  ['GET', '/api/admin/reports/export.csv?from=2025-01-01&to=2025-01-31'],
  ['GET', '/api/admin/webhooks'],
  ['POST', '/api/admin/webhooks', { url: 'http://127.0.0.1:1/h', events: ['message.created'] }],
  ['PATCH', '/api/admin/webhooks/x', { active: false }],
  ['DELETE', '/api/admin/webhooks/x'],
  ['POST', '/api/admin/webhooks/x/rotate-secret'],
  ['POST', '/api/admin/webhooks/x/test'],
  ['GET', '/api/admin/webhooks/x/deliveries'],
  ['POST', '/api/admin/webhooks/x/deliveries/y/retry'],
  ['GET', '/api/admin/api-tokens'],
  ['DELETE', '/api/admin/api-tokens/x'],
  ['GET', '/api/admin/visitors'],
  ['PATCH', '/api/admin/visitors/x', { blocked: true }],
  ['DELETE', '/api/admin/visitors/x'],
  ['GET', '/api/admin/settings/email'],
  ['PUT', '/api/admin/settings/email', { host: 'h', port: 25, from: 'a@example.com' }],
  ['DELETE', '/api/admin/settings/email'],
  ['POST', '/api/admin/settings/email/test', { to: 'a@example.com' }],
  ['GET', '/api/admin/settings/retention'],
  ['PUT', '/api/admin/settings/retention', { retentionDays: 30 }],
  ['GET', '/api/admin/audit'],
];

let t: AdminTestServer;
beforeAll(async () => {
  t = await startAdminTestServer();
});
afterAll(async () => t.stop());

describe('admin routes', () => {
  it.each(ADMIN_ROUTES)('%s %s: 403 for an agent, 401 signed out', async (method, path, body) => {
    const asAgent = await t.asAgent(method, path, body);
    expect(asAgent.status, JSON.stringify(asAgent.json)).toBe(403);
    expect(ApiError.parse(asAgent.json).error.code).toBe('forbidden');
    const signedOut = await t.api(method, path, body === undefined ? {} : { body });
    expect(signedOut.status).toBe(401);
  });

  it('every route is in the OpenAPI document, with the API token security scheme', async () => {
    const res = await t.api('GET', '/docs/json');
    expect(res.status).toBe(200);
    const doc = res.json as { paths: Record<string, unknown>; components: { securitySchemes: object } };
    expect(Object.keys(doc.components.securitySchemes)).toContain('apiToken');
    for (const [, path] of ADMIN_ROUTES) {
      const template = path
        .split('?')[0]
        ?.replace(/\/x(?=\/|$)/g, '/{id}')
        .replace('/y/', '/{deliveryId}/');
      expect(Object.keys(doc.paths), template).toContain(template);
    }
  });

  it('a state-changing admin call from another origin is refused', async () => {
    const res = await t.api('POST', '/api/admin/departments', {
      cookie: t.adminCookie,
      origin: 'https://evil.example',
      body: { name: 'Evil' },
    });
    expect(res.status).toBe(403);
  });
});
