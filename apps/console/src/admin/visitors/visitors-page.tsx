import { RetentionSettings, type AdminVisitor } from '@livechat/protocol';
import { useCallback, useEffect, useState } from 'react';
import { formatDateTime, useLocaleStore, useTranslate } from '../../i18n';
import { adminApi } from '../admin-api';
import { expireOn401 } from '../admin-data-store';
import {
  Card,
  ConfirmDialog,
  DataTable,
  EmptyState,
  FormActions,
  FormError,
  Notice,
  PageHeader,
  Pill,
  RowButton,
  TextField,
  Toggle,
} from '../admin-ui';
import { useFormSubmit } from '../use-form-submit';

export function VisitorsPage() {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  const [q, setQ] = useState('');
  const [blockedOnly, setBlockedOnly] = useState(false);
  const [items, setItems] = useState<AdminVisitor[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [erasing, setErasing] = useState<AdminVisitor | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const actions = useFormSubmit();

  const load = useCallback(
    async (more: string | null) => {
      setLoading(true);
      try {
        const page = await adminApi.visitors({
          ...(q.trim() ? { q: q.trim() } : {}),
          ...(blockedOnly ? { blocked: 'true' as const } : {}),
          ...(more ? { cursor: more } : {}),
        });
        setItems((prev) => (more ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (error) {
        expireOn401(error);
      } finally {
        setLoading(false);
      }
    },
    [q, blockedOnly],
  );

  useEffect(() => {
    const timer = setTimeout(() => void load(null), 250);
    return () => clearTimeout(timer);
  }, [load]);

  const replace = (v: AdminVisitor) => setItems((prev) => prev.map((i) => (i.id === v.id ? v : i)));

  return (
    <div className="admin-page">
      <PageHeader title={t('admin.nav.visitors')} description={t('admin.visitors.description')} />
      <Notice message={notice} />
      <Card>
        <div className="visitor-filters">
          <input
            className="admin-input visitor-filters__search"
            type="search"
            aria-label={t('admin.visitors.search')}
            placeholder={t('admin.visitors.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <Toggle label={t('admin.visitors.blockedOnly')} checked={blockedOnly} onChange={setBlockedOnly} />
        </div>
        <FormError message={actions.formError} />
        {!loading && items.length === 0 ? (
          <EmptyState title={t('admin.visitors.empty')} />
        ) : (
          <DataTable
            columns={[
              { label: t('admin.visitors.visitor') },
              { label: t('admin.visitors.conversations'), num: true },
              { label: t('admin.visitors.firstSeen') },
              { label: t('admin.visitors.lastSeen') },
            ]}
            actions
          >
            {items.map((v) => (
              <tr key={v.id}>
                <td>
                  <div className="admin-table__primary">
                    {v.name ?? t('visitor.anonymous', { suffix: v.id.slice(-4) })}{' '}
                    {v.blocked && <Pill tone="red">{t('admin.visitors.blocked')}</Pill>}
                  </div>
                  <div className="admin-table__secondary">
                    {[v.email, v.externalId && t('admin.visitors.userId', { id: v.externalId })]
                      .filter(Boolean)
                      .join(' · ') || v.id}
                  </div>
                </td>
                <td className="admin-table__num">{v.conversations}</td>
                <td className="admin-table__muted">{formatDateTime(v.firstSeenAt, locale)}</td>
                <td className="admin-table__muted">{formatDateTime(v.lastSeenAt, locale)}</td>
                <td className="admin-table__actions">
                  <RowButton
                    onClick={() =>
                      void actions.run(async () => replace(await adminApi.setBlocked(v.id, !v.blocked)))
                    }
                  >
                    {v.blocked ? t('admin.visitors.unblock') : t('admin.visitors.block')}
                  </RowButton>
                  <RowButton danger onClick={() => setErasing(v)}>
                    {t('admin.visitors.erase')}
                  </RowButton>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {cursor && (
          <RowButton disabled={loading} onClick={() => void load(cursor)}>
            {t('admin.loadMore')}
          </RowButton>
        )}
      </Card>
      <RetentionCard />
      {erasing && (
        <EraseDialog
          visitor={erasing}
          onClose={() => setErasing(null)}
          onErased={(conversations, files) => {
            setItems((prev) => prev.filter((i) => i.id !== erasing.id));
            setErasing(null);
            setNotice(t('admin.visitors.erased', { conversations, files }));
          }}
        />
      )}
    </div>
  );
}

function EraseDialog({
  visitor,
  onClose,
  onErased,
}: {
  visitor: AdminVisitor;
  onClose: () => void;
  onErased: (c: number, f: number) => void;
}) {
  const t = useTranslate();
  const form = useFormSubmit();
  const [sure, setSure] = useState(false);
  return (
    <ConfirmDialog
      title={t('admin.visitors.eraseTitle')}
      tone="danger"
      onClose={onClose}
      confirmLabel={t('admin.visitors.eraseConfirm')}
      onConfirm={() =>
        form.run(async () => {
          const result = await adminApi.eraseVisitor(visitor.id);
          onErased(result.conversations, result.files);
        })
      }
      disabled={!sure || form.saving}
      error={form.formError}
    >
      <p>
        {t('admin.visitors.eraseExplain', {
          name: visitor.name ?? visitor.email ?? visitor.id,
          count: visitor.conversations,
        })}
      </p>
      <label className="admin-check">
        <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} />
        <span>{t('admin.visitors.eraseSure')}</span>
      </label>
    </ConfirmDialog>
  );
}

function RetentionCard() {
  const t = useTranslate();
  const form = useFormSubmit();
  const [keep, setKeep] = useState(true);
  const [days, setDays] = useState('365');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    adminApi.retention().then((r) => {
      setKeep(r.retentionDays === null);
      if (r.retentionDays !== null) setDays(String(r.retentionDays));
    }, expireOn401);
  }, []);
  const save = async () => {
    setSaved(
      await form.submit(
        RetentionSettings,
        { retentionDays: keep ? null : days.trim() === '' ? Number.NaN : Number(days) },
        async (data) => {
          await adminApi.saveRetention(data);
        },
      ),
    );
  };
  return (
    <Card title={t('admin.retention.title')} description={t('admin.retention.description')}>
      <div className="admin-form">
        <Toggle
          label={t('admin.retention.keepForever')}
          checked={keep}
          onChange={(v) => {
            setKeep(v);
            setSaved(false);
          }}
        />
        {!keep && (
          <TextField
            label={t('admin.retention.days')}
            type="number"
            value={days}
            onChange={(v) => {
              setDays(v);
              setSaved(false);
            }}
            error={form.errors.retentionDays}
            hint={t('admin.retention.daysHint')}
          />
        )}
        <FormActions form={form} saved={saved && t('admin.savedAll')} label={t('admin.save')} onSave={save} />
      </div>
    </Card>
  );
}
