import type { AgentReportRow, CsatStats, ReportQuery, ReportResponse } from '@livechat/protocol';
import type { PrismaClient } from '../../generated/prisma-sqlite/client.js';
import { DomainError } from '../domain-error.js';
import { datesBetween, localDate, periodBounds } from './period.js';
import { durationStats } from './percentile.js';

/** The most conversations one report reads: bounded memory and time; `truncated` says when hit. */
export const MAX_REPORT_ROWS = 50_000;
const MAX_DAYS = 366;

export type ReportConversation = {
  id: string;
  createdAt: Date;
  queuedAt: Date;
  claimedAt: Date | null;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  status: string;
  rating: number | null;
  assigneeId: string | null;
  department: { name: string };
  assignee: { id: string; name: string; avatarUrl: string | null } | null;
};

export type ReportData = { report: ReportResponse; rows: ReportConversation[]; timezone: string };

const waitOf = (c: ReportConversation) =>
  c.claimedAt && c.claimedAt >= c.queuedAt ? c.claimedAt.getTime() - c.queuedAt.getTime() : null;
const firstResponseOf = (c: ReportConversation) =>
  c.firstResponseAt ? c.firstResponseAt.getTime() - c.createdAt.getTime() : null;
const resolutionOf = (c: ReportConversation) =>
  c.status === 'CLOSED' && c.closedAt ? c.closedAt.getTime() - c.createdAt.getTime() : null;
/** Left the queue unanswered: closed (by the visitor, the system or an agent) without ever being claimed. */
export const isMissed = (c: ReportConversation) => c.status === 'CLOSED' && c.claimedAt === null;

export const metricsOf = (c: ReportConversation) => ({
  waitMs: waitOf(c),
  firstResponseMs: firstResponseOf(c),
  resolutionMs: resolutionOf(c),
  missed: isMissed(c),
});

const defined = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);

function csatOf(rows: ReportConversation[]): CsatStats {
  const ratings = rows.flatMap((c) =>
    c.rating !== null && c.rating >= 1 && c.rating <= 5 ? [c.rating] : [],
  );
  const distribution = [1, 2, 3, 4, 5].map((r) => ratings.filter((x) => x === r).length);
  const average = ratings.length
    ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100
    : null;
  return { count: ratings.length, average, distribution };
}

export async function buildReport(prisma: PrismaClient, q: ReportQuery): Promise<ReportData> {
  const timezone = q.timezone ?? 'UTC';
  if (q.to < q.from) throw new DomainError('bad_request', 'to: must not be before from');
  const days = datesBetween(q.from, q.to);
  if (days.length > MAX_DAYS)
    throw new DomainError('bad_request', `to: the period may span at most ${MAX_DAYS} days`);
  const { startsAt, endsAt } = periodBounds(q.from, q.to, timezone);
  const found = await prisma.conversation.findMany({
    where: {
      createdAt: { gte: new Date(startsAt), lt: new Date(endsAt) },
      ...(q.departmentId ? { departmentId: q.departmentId } : {}),
      ...(q.siteId ? { siteId: q.siteId } : {}),
    },
    select: {
      id: true,
      createdAt: true,
      queuedAt: true,
      claimedAt: true,
      firstResponseAt: true,
      closedAt: true,
      status: true,
      rating: true,
      assigneeId: true,
      department: { select: { name: true } },
      assignee: { select: { id: true, name: true, avatarUrl: true } },
    },
    orderBy: { createdAt: 'asc' },
    take: MAX_REPORT_ROWS + 1,
  });
  const truncated = found.length > MAX_REPORT_ROWS;
  const rows = found.slice(0, MAX_REPORT_ROWS);
  const m = rows.map(metricsOf);

  const byAgent = new Map<string, ReportConversation[]>();
  for (const c of rows) {
    if (!c.assignee) continue;
    const list = byAgent.get(c.assignee.id) ?? [];
    list.push(c);
    byAgent.set(c.assignee.id, list);
  }
  const agents: AgentReportRow[] = [...byAgent.values()]
    .map((list) => {
      const a = list[0]?.assignee ?? { id: '', name: '', avatarUrl: null };
      return {
        agent: { id: a.id, name: a.name, avatarUrl: a.avatarUrl },
        conversations: list.length,
        closed: list.filter((c) => c.status === 'CLOSED').length,
        firstResponse: durationStats(defined(list.map(firstResponseOf))),
        resolution: durationStats(defined(list.map(resolutionOf))),
        csat: csatOf(list),
      };
    })
    .sort((x, y) => y.conversations - x.conversations || x.agent.name.localeCompare(y.agent.name));

  const daily = new Map(days.map((d) => [d, { date: d, conversations: 0, missed: 0 }]));
  rows.forEach((c, i) => {
    const day = daily.get(localDate(c.createdAt.getTime(), timezone));
    if (!day) return;
    day.conversations += 1;
    if (m[i]?.missed) day.missed += 1;
  });

  return {
    timezone,
    rows,
    report: {
      period: { from: q.from, to: q.to, timezone, startsAt, endsAt },
      conversations: rows.length,
      missed: m.filter((x) => x.missed).length,
      closed: rows.filter((c) => c.status === 'CLOSED').length,
      wait: durationStats(defined(m.map((x) => x.waitMs))),
      firstResponse: durationStats(defined(m.map((x) => x.firstResponseMs))),
      resolution: durationStats(defined(m.map((x) => x.resolutionMs))),
      csat: csatOf(rows),
      agents,
      daily: [...daily.values()],
      truncated,
    },
  };
}
