import { ApiError, ReportResponse } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminTestServer, type AdminTestServer } from '../../test-support/admin-helpers.js';

let t: AdminTestServer;
beforeAll(async () => {
  t = await startAdminTestServer();
  const prisma = t.app.db.prisma;
  const visitor = await prisma.visitor.create({ data: { siteId: t.site.id } });
  const at = (iso: string) => new Date(iso);
  const base = { siteId: t.site.id, departmentId: t.department.id, visitorId: visitor.id };
  // Shanghai day 2025-03-10 = [03-09T16:00Z, 03-10T16:00Z)
  const rows = [
    // answered: wait 60 s, first response 90 s, resolved in 10 min, rated 5
    {
      id: 'c1',
      createdAt: at('2025-03-09T16:30:00Z'),
      claimedAt: at('2025-03-09T16:31:00Z'),
      firstResponseAt: at('2025-03-09T16:31:30Z'),
      closedAt: at('2025-03-09T16:40:00Z'),
      status: 'CLOSED',
      rating: 5,
    },
    // answered: wait 180 s, rated 3, still open
    {
      id: 'c2',
      createdAt: at('2025-03-10T08:00:00Z'),
      claimedAt: at('2025-03-10T08:03:00Z'),
      firstResponseAt: at('2025-03-10T08:04:00Z'),
      closedAt: null,
      status: 'ACTIVE',
      rating: 3,
    },
    // missed: closed without a claim
    {
      id: 'c3',
      createdAt: at('2025-03-10T09:00:00Z'),
      claimedAt: null,
      firstResponseAt: null,
      closedAt: at('2025-03-10T09:05:00Z'),
      status: 'CLOSED',
      rating: null,
    },
    // outside the period in Shanghai (but inside it in UTC)
    {
      id: 'c4',
      createdAt: at('2025-03-10T17:00:00Z'),
      claimedAt: null,
      firstResponseAt: null,
      closedAt: at('2025-03-10T17:05:00Z'),
      status: 'CLOSED',
      rating: null,
    },
  ];
  for (const r of rows) {
    await prisma.conversation.create({
      data: {
        ...base,
        ...r,
        queuedAt: r.createdAt,
        assigneeId: r.claimedAt ? t.agent.agent.id : null,
        startKey: r.id,
      },
    });
  }
});
afterAll(async () => t.stop());

describe('reports', () => {
  it('counts, missed chats, percentiles, CSAT and the agent table for a day in Shanghai', async () => {
    const res = await t.asAdmin(
      'GET',
      '/api/admin/reports?from=2025-03-10&to=2025-03-10&timezone=Asia/Shanghai',
    );
    expect(res.status).toBe(200);
    const r = ReportResponse.parse(res.json);
    expect(r.period.startsAt).toBe(Date.parse('2025-03-09T16:00:00Z'));
    expect(r).toMatchObject({ conversations: 3, missed: 1, closed: 2, truncated: false });
    expect(r.wait).toEqual({ count: 2, medianMs: 120_000, p90Ms: 168_000 });
    expect(r.firstResponse.count).toBe(2);
    expect(r.resolution).toEqual({ count: 2, medianMs: 450_000, p90Ms: 570_000 });
    expect(r.csat).toEqual({ count: 2, average: 4, distribution: [0, 0, 1, 0, 1] });
    expect(r.agents).toHaveLength(1);
    expect(r.agents[0]).toMatchObject({ agent: { id: t.agent.agent.id }, conversations: 2, closed: 1 });
    expect(r.daily).toEqual([{ date: '2025-03-10', conversations: 3, missed: 1 }]);

    const utc = ReportResponse.parse(
      (await t.asAdmin('GET', '/api/admin/reports?from=2025-03-10&to=2025-03-10')).json,
    );
    expect(utc.conversations).toBe(3);
    expect(utc.period.timezone).toBe('UTC');
  });

  it('filters by department and exports CSV', async () => {
    const other = ReportResponse.parse(
      (await t.asAdmin('GET', `/api/admin/reports?from=2025-03-01&to=2025-03-31&departmentId=none`)).json,
    );
    expect(other.conversations).toBe(0);
    const csv = await fetch(
      `${t.base}/api/admin/reports/export.csv?from=2025-03-10&to=2025-03-10&timezone=Asia/Shanghai&table=conversations`,
      { headers: { cookie: t.adminCookie } },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'id,created_at,department,agent,status,missed,wait_s,first_response_s,resolution_s,rating',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^c1,2025-03-10T00:30:00\+08:00,.*,CLOSED,no,60,90,600,5$/);
  });

  it('explains bad periods per field', async () => {
    const bad = await t.asAdmin(
      'GET',
      '/api/admin/reports?from=2025-02-30&to=tomorrow&timezone=Nowhere/City',
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(ApiError.parse(bad.json).error.fields ?? {}).sort()).toEqual([
      'from',
      'timezone',
      'to',
    ]);
    const reversed = await t.asAdmin('GET', '/api/admin/reports?from=2025-03-10&to=2025-03-01');
    expect(reversed.status).toBe(400);
    const long = await t.asAdmin('GET', '/api/admin/reports?from=2020-01-01&to=2025-01-01');
    expect(ApiError.parse(long.json).error.message).toMatch(/366 days/);
  });
});
