import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminSite,
  ApiError,
  AuditListResponse,
  CannedResponseItem,
  IdentitySecretResponse,
  SiteSummary,
  VisitorEraseResponse,
  VisitorListResponse,
  VisitorSessionResponse,
} from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../../domain/admin/retention.js';
import { startAdminTestServer, type AdminTestServer } from '../../test-support/admin-helpers.js';
import { claim, conversationRow, startConversation } from '../../test-support/conversations.js';

let t: AdminTestServer;
beforeAll(async () => {
  t = await startAdminTestServer();
});
afterAll(async () => t.stop());

const hmac = (userId: string, secret: string) => createHmac('sha256', secret).update(userId).digest('hex');

describe('sites', () => {
  it('creates a site with its look, pre-chat form and snippet; validates per field', async () => {
    const bad = await t.asAdmin('POST', '/api/admin/sites', {
      name: 'Shop',
      allowedOrigins: ['shop.example.com'],
      color: 'blue',
      position: 'top',
      locale: 'fr',
    });
    expect(Object.keys(ApiError.parse(bad.json).error.fields ?? {}).sort()).toEqual([
      'allowedOrigins.0',
      'color',
      'locale',
      'position',
    ]);
    const res = await t.asAdmin('POST', '/api/admin/sites', {
      name: 'Shop',
      allowedOrigins: ['https://shop.example.com'],
      color: '#ff0000',
      position: 'left',
      launcherText: 'Chat',
      greeting: 'Hello!',
      logoUrl: 'https://shop.example.com/logo.png',
      locale: 'zh-CN',
      preChat: { enabled: true, nameRequired: true, emailRequired: false, askDepartment: true },
      identityRequired: true,
      defaultDepartmentId: t.department.id,
    });
    expect(res.status).toBe(201);
    const site = AdminSite.parse(res.json);
    expect(site).toMatchObject({
      position: 'left',
      locale: 'zh-CN',
      logoUrl: 'https://shop.example.com/logo.png',
    });
    expect(site.embedSnippet).toBe(
      `<script src="${t.origin}/widget.js" data-site-key="${site.key}" async></script>`,
    );
    const patched = AdminSite.parse(
      (await t.asAdmin('PATCH', `/api/admin/sites/${site.id}`, { logoUrl: null })).json,
    );
    expect(patched.logoUrl).toBeNull();
    expect((await t.asAdmin('DELETE', `/api/admin/sites/${site.id}`)).status).toBe(200);
    expect((await t.asAdmin('GET', `/api/admin/sites/${site.id}`)).status).toBe(404);
  });

  it('keeps the older PATCH /api/sites/:id working', async () => {
    const res = await t.asAdmin('PATCH', `/api/sites/${t.site.id}`, { allowedOrigins: ['*', t.origin] });
    expect(SiteSummary.parse(res.json).allowedOrigins).toEqual(['*', t.origin]);
  });

  it('after a rotation the old secret keeps verifying for the grace period', async () => {
    const old = IdentitySecretResponse.parse(
      (await t.asAdmin('GET', `/api/admin/sites/${t.site.id}/identity-secret`)).json,
    );
    const rotated = IdentitySecretResponse.parse(
      (await t.asAdmin('POST', `/api/admin/sites/${t.site.id}/rotate-secret`, { graceHours: 2 })).json,
    );
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.previousSecretUntil).toBeGreaterThan(Date.now() + 3_500_000);
    const session = async (secret: string) => {
      const res = await t.api('POST', '/api/widget/session', {
        body: { siteKey: t.site.key, identity: { userId: 'user-42', hash: hmac('user-42', secret) } },
      });
      return VisitorSessionResponse.parse(res.json).verified;
    };
    expect(await session(rotated.secret)).toBe(true);
    expect(await session(old.secret)).toBe(true);
    await t.asAdmin('POST', `/api/admin/sites/${t.site.id}/rotate-secret`, { graceHours: 0 });
    expect(await session(rotated.secret)).toBe(false);
    const bad = await t.asAdmin('POST', `/api/admin/sites/${t.site.id}/rotate-secret`, { graceHours: -1 });
    expect(ApiError.parse(bad.json).error.fields?.graceHours).toBeDefined();
  });
});

describe('canned responses', () => {
  it('global and per department, shortcuts unique per scope, only known variables', async () => {
    const unknownVar = await t.asAdmin('POST', '/api/admin/canned-responses', {
      shortcut: 'hello',
      body: 'Hi {{visitor.password}}',
    });
    expect(ApiError.parse(unknownVar.json).error.fields?.body).toMatch(/visitor\.name/);
    const global = await t.asAdmin('POST', '/api/admin/canned-responses', {
      shortcut: 'hello',
      title: 'Greeting',
      body: 'Hi {{visitor.name}}, I am {{ agent.name }}.',
    });
    expect(global.status).toBe(201);
    const dup = await t.asAdmin('POST', '/api/admin/canned-responses', { shortcut: 'hello', body: 'Again' });
    expect(dup.status).toBe(409);
    const dept = await t.asAdmin('POST', '/api/admin/canned-responses', {
      shortcut: 'hello',
      body: 'Department hello',
      departmentId: t.department.id,
    });
    expect(dept.status).toBe(201);
    const item = CannedResponseItem.parse(dept.json);
    const edited = await t.asAdmin('PATCH', `/api/admin/canned-responses/${item.id}`, {
      body: 'Bye {{site.name}}',
    });
    expect(CannedResponseItem.parse(edited.json).body).toBe('Bye {{site.name}}');
    const onlyGlobal = await t.asAdmin('GET', '/api/admin/canned-responses?global=true');
    expect((onlyGlobal.json as { items: CannedResponseItem[] }).items.map((c) => c.departmentId)).toEqual([
      null,
    ]);
    expect((await t.asAdmin('DELETE', `/api/admin/canned-responses/${item.id}`)).status).toBe(200);
    expect((await t.asAdmin('DELETE', `/api/admin/canned-responses/${item.id}`)).status).toBe(404);
  });
});

describe("visitors' data", () => {
  it('blocking closes the open chat and lists the visitor as blocked', async () => {
    const { visitor, conversationId } = await startConversation(t);
    const row = await conversationRow(t, conversationId);
    expect((await claim(t, t.adminCookie, conversationId)).status).toBe(200);
    const res = await t.asAdmin('PATCH', `/api/admin/visitors/${row.visitorId}`, { blocked: true });
    expect(res.json).toMatchObject({ blocked: true });
    await visitor.next((f) => f.type === 'conversation.state' && f.conversation?.status === 'CLOSED');
    expect((await conversationRow(t, conversationId)).status).toBe('CLOSED');
    const list = VisitorListResponse.parse((await t.asAdmin('GET', '/api/admin/visitors?blocked=true')).json);
    expect(list.items.map((v) => v.id)).toEqual([row.visitorId]);
    await t.asAdmin('PATCH', `/api/admin/visitors/${row.visitorId}`, { blocked: false });
  });

  it('erasing removes the visitor, conversations, messages and files, and audits only the id', async () => {
    const { conversationId } = await startConversation(t, 'My address is 1 Secret Lane');
    const row = await conversationRow(t, conversationId);
    const key = `erase-test/${conversationId}.txt`;
    mkdirSync(join(t.app.env.filesDir, 'erase-test'), { recursive: true });
    writeFileSync(join(t.app.env.filesDir, key), 'private');
    await t.app.db.prisma.attachment.create({
      data: {
        conversationId,
        uploaderKind: 'VISITOR',
        uploaderId: row.visitorId,
        fileName: 'a.txt',
        contentType: 'text/plain',
        size: 7,
        storageKey: key,
      },
    });
    const res = await t.asAdmin('DELETE', `/api/admin/visitors/${row.visitorId}`);
    expect(VisitorEraseResponse.parse(res.json)).toEqual({ ok: true, conversations: 1, files: 1 });
    expect(existsSync(join(t.app.env.filesDir, key))).toBe(false);
    expect(await t.app.db.prisma.message.count({ where: { conversationId } })).toBe(0);
    expect(await t.app.db.prisma.visitor.findUnique({ where: { id: row.visitorId } })).toBeNull();
    const audit = AuditListResponse.parse(
      (await t.asAdmin('GET', '/api/admin/audit?action=visitor.erase')).json,
    );
    expect(audit.items[0]).toMatchObject({ target: row.visitorId, actor: { name: 'Admin' } });
    expect(JSON.stringify(audit)).not.toContain('Secret Lane');
  });

  it('retention deletes closed conversations older than the setting', async () => {
    const bad = await t.asAdmin('PUT', '/api/admin/settings/retention', { retentionDays: 0 });
    expect(ApiError.parse(bad.json).error.fields?.retentionDays).toBeDefined();
    expect((await t.asAdmin('PUT', '/api/admin/settings/retention', { retentionDays: 30 })).status).toBe(200);
    const { conversationId } = await startConversation(t);
    const { conversationId: recent } = await startConversation(t);
    await t.app.db.prisma.conversation.updateMany({
      where: { id: { in: [conversationId, recent] } },
      data: { status: 'CLOSED', openKey: null },
    });
    await t.app.db.prisma.conversation.update({
      where: { id: conversationId },
      data: { closedAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    await t.app.db.prisma.conversation.update({ where: { id: recent }, data: { closedAt: new Date() } });
    expect(await applyRetention(t.app)).toBe(1);
    expect(await t.app.db.prisma.conversation.findUnique({ where: { id: conversationId } })).toBeNull();
    expect(await t.app.db.prisma.conversation.findUnique({ where: { id: recent } })).not.toBeNull();
    expect((await t.asAdmin('GET', '/api/admin/settings/retention')).json).toEqual({ retentionDays: 30 });
  });
});

describe('audit log', () => {
  it('pages newest first', async () => {
    const first = AuditListResponse.parse((await t.asAdmin('GET', '/api/admin/audit?limit=2')).json);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = AuditListResponse.parse(
      (await t.asAdmin('GET', `/api/admin/audit?limit=2&cursor=${first.nextCursor ?? ''}`)).json,
    );
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    expect((second.items[0]?.createdAt ?? 0) <= (first.items[1]?.createdAt ?? 0)).toBe(true);
    const bad = await t.asAdmin('GET', '/api/admin/audit?limit=1000');
    expect(ApiError.parse(bad.json).error.fields?.limit).toBeDefined();
  });
});
