import { CannedResponseListResponse } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('GET /api/canned-responses', () => {
  it("gives the global ones and those of the agent's departments (admins: all), filtered by q", async () => {
    const sales = await t.app.db.prisma.department.create({ data: { name: 'Sales' } });
    const create = (shortcut: string, body: string, departmentId: string | null) =>
      t.app.db.prisma.cannedResponse.create({ data: { shortcut, title: shortcut, body, departmentId } });
    await create('hello', 'Hello {{visitor.name}}!', null);
    await create('refund', 'Refunds take 5 days', t.department.id);
    await create('discount', 'Ask for the Größe discount', sales.id);

    const list = async (cookie: string, q = '') => {
      const res = await t.api('GET', `/api/canned-responses${q ? `?q=${encodeURIComponent(q)}` : ''}`, {
        cookie,
      });
      expect(res.status).toBe(200);
      return CannedResponseListResponse.parse(res.json).items.map((i) => i.shortcut);
    };
    const agent = await t.createAgent('Carla Canned');
    expect(await list(agent.cookie)).toEqual(['hello', 'refund']);
    expect(await list(await t.login())).toEqual(['discount', 'hello', 'refund']);
    expect(await list(agent.cookie, 'REFUNDS')).toEqual(['refund']);
    expect(await list(await t.login(), 'größe')).toEqual(['discount']);
    expect((await t.api('GET', '/api/canned-responses')).status).toBe(401);
  });
});
