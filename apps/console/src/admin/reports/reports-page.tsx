import type { CsatStats, DurationStats } from '@livechat/protocol';
import { useEffect } from 'react';
import { useTranslate, type Translate } from '../../i18n';
import { reportExportUrl } from '../admin-api';
import { Card, DataTable, EmptyState, PageHeader, SelectField } from '../admin-ui';
import { useCollection } from '../use-collection';
import { DailyChart } from './report-charts';
import { useReportsStore, type PeriodPreset } from './reports-store';

/** "45 s", "3 min 20 s", "2 h 5 min": report durations need seconds, unlike wait badges. */
export function formatStat(ms: number | null, t: Translate): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return t('admin.reports.seconds', { s: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('admin.reports.minutes', { m: minutes, s: seconds % 60 });
  return t('admin.reports.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="stat">
      <div className="stat__label">{label}</div>
      <div className="stat__value">{value}</div>
      {detail && <div className="stat__detail">{detail}</div>}
    </div>
  );
}

/** A labelled date input; clearing it changes nothing. */
function DateField({
  id,
  label,
  value,
  min,
  max,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  min?: string;
  max?: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="admin-field">
      <label className="admin-field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="admin-input"
        type="date"
        value={value}
        min={min}
        max={max}
        onChange={(e) => e.target.value && onChange(e.target.value)}
      />
    </div>
  );
}

function DurationStat({ label, stats }: { label: string; stats: DurationStats }) {
  const t = useTranslate();
  return (
    <Stat
      label={label}
      value={formatStat(stats.medianMs, t)}
      detail={t('admin.reports.p90', { value: formatStat(stats.p90Ms, t), count: stats.count })}
    />
  );
}

function CsatBars({ csat }: { csat: CsatStats }) {
  const t = useTranslate();
  const max = Math.max(1, ...csat.distribution);
  return (
    <div className="csat">
      <div className="csat__average">
        <span className="csat__score">{csat.average === null ? '—' : csat.average.toFixed(2)}</span>
        <span className="csat__out-of">/ 5</span>
        <span className="csat__count">{t('admin.reports.ratings', { count: csat.count })}</span>
      </div>
      <ul className="csat__bars" aria-label={t('admin.reports.distribution')}>
        {[5, 4, 3, 2, 1].map((rating) => {
          const count = csat.distribution[rating - 1] ?? 0;
          return (
            <li key={rating} className="csat__row">
              <span className="csat__rating">{'★'.repeat(rating)}</span>
              <span className="csat__track">
                <span className="csat__fill" style={{ width: `${(count / max) * 100}%` }} />
              </span>
              <span className="csat__n">{count}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function ReportsPage() {
  const t = useTranslate();
  const departments = useCollection('departments');
  const { preset, query, report, status, error } = useReportsStore();

  useEffect(() => {
    void useReportsStore.getState().load();
  }, []);

  const presets: Array<{ value: PeriodPreset; label: string }> = [
    { value: '7d', label: t('admin.reports.last7') },
    { value: '30d', label: t('admin.reports.last30') },
    { value: '90d', label: t('admin.reports.last90') },
    { value: 'month', label: t('admin.reports.thisMonth') },
    { value: 'custom', label: t('admin.reports.custom') },
  ];

  return (
    <div className="admin-page admin-page--wide">
      <PageHeader
        title={t('admin.nav.reports')}
        description={t('admin.reports.description')}
        actions={
          <div className="export-links">
            <span className="export-links__label">{t('admin.reports.export')}</span>
            {(['conversations', 'agents', 'daily'] as const).map((table) => (
              <a
                key={table}
                className="button button--secondary button--small"
                href={reportExportUrl(query, table)}
                download
              >
                {t(`admin.reports.csv.${table}`)}
              </a>
            ))}
          </div>
        }
      />
      <div className="report-filters">
        <SelectField
          label={t('admin.reports.period')}
          value={preset}
          options={presets}
          onChange={(p) => useReportsStore.getState().setPreset(p)}
        />
        <DateField
          id="report-from"
          label={t('admin.reports.from')}
          value={query.from}
          max={query.to}
          onChange={(from) => useReportsStore.getState().setQuery({ from })}
        />
        <DateField
          id="report-to"
          label={t('admin.reports.to')}
          value={query.to}
          min={query.from}
          onChange={(to) => useReportsStore.getState().setQuery({ to })}
        />
        <SelectField
          label={t('admin.reports.department')}
          value={query.departmentId ?? ''}
          options={[
            { value: '', label: t('admin.reports.allDepartments') },
            ...departments.map((d) => ({ value: d.id, label: d.name })),
          ]}
          onChange={(id) => {
            const { departmentId: _omit, ...rest } = useReportsStore.getState().query;
            useReportsStore.setState({ query: id ? { ...rest, departmentId: id } : rest });
            void useReportsStore.getState().load();
          }}
        />
        <div className="report-filters__zone">{query.timezone}</div>
      </div>
      {status === 'error' && (
        <p className="admin-form-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div
          className={`report${status === 'loading' ? ' report--loading' : ''}`}
          aria-busy={status === 'loading'}
        >
          {report.truncated && <p className="admin-notice">{t('admin.reports.truncated')}</p>}
          <div className="stats">
            <Stat
              label={t('admin.reports.conversations')}
              value={String(report.conversations)}
              detail={t('admin.reports.closedCount', { count: report.closed })}
            />
            <Stat
              label={t('admin.reports.missed')}
              value={String(report.missed)}
              detail={
                report.conversations
                  ? t('admin.reports.missedShare', {
                      pct: Math.round((report.missed / report.conversations) * 100),
                    })
                  : '—'
              }
            />
            <DurationStat label={t('admin.reports.wait')} stats={report.wait} />
            <DurationStat label={t('admin.reports.firstResponse')} stats={report.firstResponse} />
            <DurationStat label={t('admin.reports.resolution')} stats={report.resolution} />
            <Stat
              label={t('admin.reports.csat')}
              value={report.csat.average === null ? '—' : report.csat.average.toFixed(1)}
              detail={t('admin.reports.ratings', { count: report.csat.count })}
            />
          </div>
          <div className="report__grid">
            <Card title={t('admin.reports.daily')}>
              {report.conversations === 0 ? (
                <EmptyState title={t('admin.reports.noData')} />
              ) : (
                <DailyChart
                  days={report.daily}
                  labels={{
                    conversations: t('admin.reports.conversations'),
                    missed: t('admin.reports.missed'),
                  }}
                />
              )}
            </Card>
            <Card title={t('admin.reports.csatTitle')}>
              <CsatBars csat={report.csat} />
            </Card>
          </div>
          <Card title={t('admin.reports.byAgent')}>
            {report.agents.length === 0 ? (
              <EmptyState title={t('admin.reports.noAgents')} />
            ) : (
              <DataTable
                columns={[
                  { label: t('admin.reports.agent') },
                  { label: t('admin.reports.conversations'), num: true },
                  { label: t('admin.reports.closed'), num: true },
                  { label: t('admin.reports.firstResponseMedian'), num: true },
                  { label: t('admin.reports.resolutionMedian'), num: true },
                  { label: t('admin.reports.csat'), num: true },
                ]}
              >
                {report.agents.map((row) => (
                  <tr key={row.agent.id}>
                    <td>
                      <div className="admin-person">
                        <span className="avatar avatar--small" aria-hidden="true">
                          {row.agent.name.slice(0, 1).toUpperCase()}
                        </span>
                        <span className="admin-table__primary">{row.agent.name}</span>
                      </div>
                    </td>
                    <td className="admin-table__num">{row.conversations}</td>
                    <td className="admin-table__num">{row.closed}</td>
                    <td className="admin-table__num">{formatStat(row.firstResponse.medianMs, t)}</td>
                    <td className="admin-table__num">{formatStat(row.resolution.medianMs, t)}</td>
                    <td className="admin-table__num">
                      {row.csat.average === null ? '—' : `${row.csat.average.toFixed(1)} (${row.csat.count})`}
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </Card>
        </div>
      )}
    </div>
  );
}
