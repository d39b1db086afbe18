import { isoInZone } from './period.js';
import { metricsOf, type ReportData } from './report.js';

/** A CSV field: quoted when needed; a leading = + - @ is neutralised so spreadsheets never run it. */
function field(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

function lines(header: string[], rows: (string | number | null)[][]): string {
  // The BOM makes spreadsheet apps read UTF-8 (Chinese names) correctly.
  return `\uFEFF${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

export function reportCsv(data: ReportData, table: 'conversations' | 'agents' | 'daily'): string {
  const tz = data.timezone;
  switch (table) {
    case 'conversations':
      return lines(
        [
          'id',
          'created_at',
          'department',
          'agent',
          'status',
          'missed',
          'wait_s',
          'first_response_s',
          'resolution_s',
          'rating',
        ],
        data.rows.map((c) => {
          const m = metricsOf(c);
          return [
            c.id,
            isoInZone(c.createdAt.getTime(), tz),
            c.department.name,
            c.assignee?.name ?? null,
            c.status,
            m.missed ? 'yes' : 'no',
            seconds(m.waitMs),
            seconds(m.firstResponseMs),
            seconds(m.resolutionMs),
            c.rating,
          ];
        }),
      );
    case 'agents':
      return lines(
        [
          'agent',
          'conversations',
          'closed',
          'median_first_response_s',
          'median_resolution_s',
          'csat_average',
          'csat_count',
        ],
        data.report.agents.map((a) => [
          a.agent.name,
          a.conversations,
          a.closed,
          seconds(a.firstResponse.medianMs),
          seconds(a.resolution.medianMs),
          a.csat.average,
          a.csat.count,
        ]),
      );
    case 'daily':
      return lines(
        ['date', 'conversations', 'missed'],
        data.report.daily.map((d) => [d.date, d.conversations, d.missed]),
      );
  }
}
