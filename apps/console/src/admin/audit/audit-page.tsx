import type { AuditItem } from '@livechat/protocol';
import { useCallback, useEffect, useState } from 'react';
import { formatDateTime, useLocaleStore, useTranslate } from '../../i18n';
import { adminApi } from '../admin-api';
import { expireOn401 } from '../admin-data-store';
import { Card, DataTable, EmptyState, PageHeader } from '../admin-ui';

/** "name: Sales, routing: ROUND_ROBIN": an audit event's details on one line. */
export function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function AuditPage() {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  const [pages, setPages] = useState<AuditItem[][]>([]);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState(0);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async (index: number, cursor: string | null) => {
    setLoading(true);
    try {
      const result = await adminApi.audit(cursor ?? undefined);
      setPages((prev) => {
        const next = [...prev];
        next[index] = result.items;
        return next;
      });
      setCursors((prev) => {
        const next = prev.slice(0, index + 1);
        next[index + 1] = result.nextCursor;
        return next;
      });
      setPage(index);
    } catch (error) {
      expireOn401(error);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(0, null);
  }, [load]);

  const items = pages[page] ?? [];
  const nextCursor = cursors[page + 1] ?? null;

  return (
    <div className="admin-page">
      <PageHeader
        title={t('admin.nav.audit')}
        description={t('admin.audit.description')}
        actions={
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void load(0, null)}
          >
            {t('admin.refresh')}
          </button>
        }
      />
      <Card>
        {!loading && items.length === 0 ? (
          <EmptyState title={t('admin.audit.empty')} />
        ) : (
          <DataTable
            columns={[
              { label: t('admin.audit.when') },
              { label: t('admin.audit.who') },
              { label: t('admin.audit.action') },
              { label: t('admin.audit.details') },
            ]}
          >
            {items.map((item) => (
              <tr key={item.id}>
                <td className="admin-table__muted admin-table__nowrap">
                  {formatDateTime(item.createdAt, locale)}
                </td>
                <td>{item.actor?.name ?? t('admin.audit.system')}</td>
                <td>
                  <code className="admin-code">{item.action}</code>
                </td>
                <td
                  className="admin-table__secondary admin-table__clamp"
                  title={describeDetails(item.details)}
                >
                  {describeDetails(item.details) || item.target}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <div className="pager">
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={page === 0 || loading}
            onClick={() => setPage(page - 1)}
          >
            {t('admin.audit.newer')}
          </button>
          <span className="pager__label">{t('admin.audit.page', { n: page + 1 })}</span>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={!nextCursor || loading}
            onClick={() => (pages[page + 1] ? setPage(page + 1) : void load(page + 1, nextCursor))}
          >
            {t('admin.audit.older')}
          </button>
        </div>
      </Card>
    </div>
  );
}
