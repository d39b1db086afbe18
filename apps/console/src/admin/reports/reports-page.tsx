import type { CsatStats, DurationStats } from '@livechat/protocol';
import { useEffect } from 'react';
import { useTranslate, type Translate } from '../../i18n';
import { reportExportUrl } from '../admin-api';
import { Card, EmptyState, PageHeader, SelectField } from '../admin-ui';
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
        <div className="admin-field">
          <label className="admin-field__label" htmlFor="report-from">
            {t('admin.reports.from')}
          </label>
          <input
            id="report-from"
            className="admin-input"
            type="date"
            value={query.from}
            max={query.to}
            onChange={(e) => e.target.value && useReportsStore.getState().setQuery({ from: e.target.value })}
          />
        </div>
        <div className="admin-field">
          <label className="admin-field__label" htmlFor="report-to">
            {t('admin.reports.to')}
          </label>
          <input
            id="report-to"
            className="admin-input"
            type="date"
            value={query.to}
            min={query.from}
            onChange={(e) => e.target.value && useReportsStore.getState().setQuery({ to: e.target.value })}
          />
        </div>
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
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.reports.agent')}</th>
                    <th scope="col" className="admin-table__num">
                      {t('admin.reports.conversations')}
                    </th>
                    <th scope="col" className="admin-table__num">
                      {t('admin.reports.closed')}
                    </th>
                    <th scope="col" className="admin-table__num">
                      {t('admin.reports.firstResponseMedian')}
                    </th>
                    <th scope="col" className="admin-table__num">
                      {t('admin.reports.resolutionMedian')}
                    </th>
                    <th scope="col" className="admin-table__num">
                      {t('admin.reports.csat')}
                    </th>
                  </tr>
                </thead>
                <tbody>
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
                        {row.csat.average === null
                          ? '—'
                          : `${row.csat.average.toFixed(1)} (${row.csat.count})`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
        </div>
      )}
    </div>
  );
}
