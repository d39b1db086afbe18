import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('GET /api/widget/config: is anyone there?', () => {
  it('is online only while an agent of the department is connected, within its hours, queue not full', async () => {
    expect((await t.widgetConfig()).online).toBe(false);
    const agent = await t.agentSocket(await t.login());
    expect((await t.widgetConfig()).online).toBe(true);

    // Closed every day (no intervals) in its own time zone: away, although the admin is connected.
    await t.app.db.prisma.department.update({
      where: { id: t.department.id },
      data: { businessHours: JSON.stringify({ timezone: 'Asia/Shanghai', days: {} }) },
    });
    expect((await t.widgetConfig()).online).toBe(false);
    await t.app.db.prisma.department.update({ where: { id: t.department.id }, data: { businessHours: '' } });

    // A full queue (maxQueue 1, one waiting) sends newcomers to the leave-a-message form too.
    await t.app.db.prisma.department.update({ where: { id: t.department.id }, data: { maxQueue: 1 } });
    const visitor = await t.visitor();
    visitor.send({ type: 'message.send', clientMsgId: 'queue-filler-1', text: 'first in line' });
    await visitor.next((f) => f.type === 'ack');
    const config = await t.widgetConfig();
    expect(config.online).toBe(false);
    expect(config.departments.find((d) => d.id === t.department.id)?.online).toBe(false);
    await visitor.close();
    await agent.close();
  });
});

describe('GET /api/widget/config: the site look', () => {
  it('carries the logo an admin set', async () => {
    expect((await t.widgetConfig()).logoUrl).toBeNull();
    const cookie = await t.login();
    const patched = await t.api('PATCH', `/api/admin/sites/${t.site.id}`, {
      cookie,
      body: { logoUrl: 'https://cdn.example.com/logo.png' },
    });
    expect(patched.status).toBe(200);
    expect((await t.widgetConfig()).logoUrl).toBe('https://cdn.example.com/logo.png');
  });
});
