import { AdminDepartment, ApiError, DepartmentDeleteResponse } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminTestServer, type AdminTestServer } from '../../test-support/admin-helpers.js';
import { claim, conversationRow, eventCodes, startConversation } from '../../test-support/conversations.js';

let t: AdminTestServer;
beforeAll(async () => {
  t = await startAdminTestServer();
});
afterAll(async () => t.stop());

const hours = { timezone: 'Europe/Paris', days: { mon: [['09:00', '17:00']] } };

describe('departments', () => {
  it('says what is wrong with each field', async () => {
    const res = await t.asAdmin('POST', '/api/admin/departments', {
      name: '',
      routing: 'RANDOM',
      maxQueue: -1,
      businessHours: { timezone: 'Mars/Olympus', days: { mon: [['18:00', '09:00']] } },
    });
    expect(res.status).toBe(400);
    const fields = ApiError.parse(res.json).error.fields ?? {};
    expect(Object.keys(fields).sort()).toEqual(
      ['businessHours.days.mon.0', 'businessHours.timezone', 'maxQueue', 'name', 'routing'].sort(),
    );
    expect(fields['businessHours.timezone']).toMatch(/IANA time zone/);
  });

  it('creates, edits members and hours, lists, and refuses a duplicate name', async () => {
    const created = await t.asAdmin('POST', '/api/admin/departments', {
      name: 'Billing',
      description: 'Invoices',
      routing: 'LEAST_BUSY',
      maxQueue: 10,
      businessHours: hours,
      offlineMessage: 'We are closed',
      memberIds: [t.agent.agent.id],
    });
    expect(created.status).toBe(201);
    const d = AdminDepartment.parse(created.json);
    expect(d).toMatchObject({
      routing: 'LEAST_BUSY',
      maxQueue: 10,
      businessHours: hours,
      memberIds: [t.agent.agent.id],
    });

    const dup = await t.asAdmin('POST', '/api/admin/departments', { name: 'Billing' });
    expect(dup.status).toBe(409);
    expect(ApiError.parse(dup.json).error.fields?.name).toMatch(/already/);

    const patched = await t.asAdmin('PATCH', `/api/admin/departments/${d.id}`, {
      name: 'Billing & payments',
      memberIds: [],
      businessHours: null,
    });
    expect(patched.status).toBe(200);
    expect(AdminDepartment.parse(patched.json)).toMatchObject({
      name: 'Billing & payments',
      memberIds: [],
      businessHours: null,
      routing: 'LEAST_BUSY',
    });

    const unknownMember = await t.asAdmin('PATCH', `/api/admin/departments/${d.id}`, {
      memberIds: ['nobody'],
    });
    expect(unknownMember.status).toBe(400);
    expect(ApiError.parse(unknownMember.json).error.fields?.memberIds).toBeDefined();

    const list = await t.asAdmin('GET', '/api/admin/departments');
    expect((list.json as { items: AdminDepartment[] }).items.map((x) => x.name)).toContain(
      'Billing & payments',
    );
    expect((await t.asAdmin('PATCH', '/api/admin/departments/nope', { name: 'x' })).status).toBe(404);
  });

  it('deleting a department with open chats needs a target, then moves them to its queue', async () => {
    const doomed = AdminDepartment.parse(
      (await t.asAdmin('POST', '/api/admin/departments', { name: 'Doomed', memberIds: [t.agent.agent.id] }))
        .json,
    );
    const { conversationId } = await startConversation(t);
    await t.app.db.prisma.conversation.update({
      where: { id: conversationId },
      data: { departmentId: doomed.id },
    });
    expect((await claim(t, t.agent.cookie, conversationId)).status).toBe(200);

    const refused = await t.asAdmin('DELETE', `/api/admin/departments/${doomed.id}`);
    expect(refused.status).toBe(409);
    expect(ApiError.parse(refused.json).error.message).toMatch(/1 open conversation/);

    const res = await t.asAdmin('DELETE', `/api/admin/departments/${doomed.id}?moveTo=${t.department.id}`);
    expect(res.status).toBe(200);
    expect(DepartmentDeleteResponse.parse(res.json)).toEqual({ ok: true, movedOpen: 1, movedClosed: 0 });
    const row = await conversationRow(t, conversationId);
    expect(row).toMatchObject({ departmentId: t.department.id, status: 'QUEUED', assigneeId: null });
    expect(await eventCodes(t, conversationId)).toContain('transferred');
    expect(await t.app.db.prisma.department.findUnique({ where: { id: doomed.id } })).toBeNull();

    const audit = await t.app.db.prisma.auditEvent.findFirst({ where: { action: 'department.delete' } });
    expect(audit?.target).toBe(doomed.id);
  });

  it('an empty department is deleted without a target; a target must exist', async () => {
    const empty = AdminDepartment.parse(
      (await t.asAdmin('POST', '/api/admin/departments', { name: 'Empty' })).json,
    );
    const bad = await t.asAdmin('DELETE', `/api/admin/departments/${empty.id}?moveTo=missing`);
    expect(bad.status).toBe(400);
    expect(ApiError.parse(bad.json).error.fields?.moveTo).toBeDefined();
    expect((await t.asAdmin('DELETE', `/api/admin/departments/${empty.id}`)).status).toBe(200);
  });
});
