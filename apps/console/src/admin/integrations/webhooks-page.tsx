import { WebhookCreateBody, WebhookEventName, type AdminWebhook } from '@livechat/protocol';
import { useEffect, useState } from 'react';
import { formatDateTime, useLocaleStore, useTranslate } from '../../i18n';
import {
  Card,
  CheckboxGroup,
  ConfirmDialog,
  CopyField,
  DataTable,
  DoneDialog,
  EmptyState,
  FormError,
  FormSheet,
  PageHeader,
  Pill,
  RowButton,
  TextField,
  Toggle,
} from '../admin-ui';
import { useFormSubmit } from '../use-form-submit';
import { useWebhooksStore } from './webhooks-store';

const EVENTS = WebhookEventName.options.filter((e) => e !== 'webhook.test');

export function WebhooksPage() {
  const t = useTranslate();
  const items = useWebhooksStore((s) => s.items);
  const status = useWebhooksStore((s) => s.status);
  const [editing, setEditing] = useState<{ hook: AdminWebhook | null } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  useEffect(() => {
    void useWebhooksStore.getState().load();
  }, []);

  return (
    <div className="admin-page">
      <PageHeader
        title={t('admin.nav.webhooks')}
        description={t('admin.webhooks.description')}
        onNew={{ label: t('admin.webhooks.new'), onClick: () => setEditing({ hook: null }) }}
      />
      {status === 'ready' && items.length === 0 && (
        <Card>
          <EmptyState title={t('admin.webhooks.empty')} text={t('admin.webhooks.emptyHint')} />
        </Card>
      )}
      <div className="webhook-list">
        {items.map((hook) => (
          <WebhookCard key={hook.id} hook={hook} onEdit={() => setEditing({ hook })} onSecret={setSecret} />
        ))}
      </div>
      <Card title={t('admin.webhooks.verifyTitle')}>
        <p className="admin-card__description">{t('admin.webhooks.verifyHint')}</p>
        <pre className="admin-pre">{`X-Signature: sha256=<hex HMAC-SHA256(raw body, secret)>
X-Event: conversation.created
X-Delivery: <delivery id, same on every retry>`}</pre>
      </Card>
      {editing && (
        <WebhookSheet
          hook={editing.hook}
          onClose={() => setEditing(null)}
          onCreated={(s) => {
            setEditing(null);
            setSecret(s);
          }}
        />
      )}
      {secret && (
        <DoneDialog title={t('admin.webhooks.secretTitle')} onClose={() => setSecret(null)}>
          <p>{t('admin.webhooks.secretOnce')}</p>
          <CopyField label={t('admin.webhooks.secret')} value={secret} />
        </DoneDialog>
      )}
    </div>
  );
}

function WebhookCard({
  hook,
  onEdit,
  onSecret,
}: {
  hook: AdminWebhook;
  onEdit: () => void;
  onSecret: (s: string) => void;
}) {
  const t = useTranslate();
  const form = useFormSubmit();
  const [open, setOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [tested, setTested] = useState(false);
  const store = useWebhooksStore.getState;

  return (
    <section className="admin-card webhook" aria-label={hook.url}>
      <div className="webhook__head">
        <div className="webhook__main">
          <div className="webhook__url">{hook.url}</div>
          <div className="webhook__events">
            {hook.events.map((e) => (
              <Pill key={e} tone="gray">
                {e}
              </Pill>
            ))}
          </div>
        </div>
        <div className="webhook__health" aria-label={t('admin.webhooks.last24h')}>
          <span className="health health--ok">
            {t('admin.webhooks.delivered', { count: hook.recent.delivered })}
          </span>
          <span className="health health--pending">
            {t('admin.webhooks.pending', { count: hook.recent.pending })}
          </span>
          <span className="health health--failed">
            {t('admin.webhooks.failed', { count: hook.recent.failed })}
          </span>
        </div>
        <Toggle
          label={hook.active ? t('admin.webhooks.active') : t('admin.webhooks.paused')}
          checked={hook.active}
          onChange={(active) => void form.run(() => store().update(hook.id, { active }))}
        />
      </div>
      <div className="webhook__actions">
        <button type="button" className="button button--secondary button--small" onClick={onEdit}>
          {t('admin.edit')}
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={form.saving}
          onClick={() =>
            void form.run(async () => {
              await store().test(hook.id);
              setTested(true);
              setOpen(true);
              await store().loadDeliveries(hook.id);
            })
          }
        >
          {t('admin.webhooks.test')}
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void form.run(async () => onSecret(await store().rotate(hook.id)))}
        >
          {t('admin.webhooks.rotate')}
        </button>
        <RowButton
          expanded={open}
          onClick={() => {
            setOpen(!open);
            if (!open) void store().loadDeliveries(hook.id);
          }}
        >
          {open ? t('admin.webhooks.hideLog') : t('admin.webhooks.showLog')}
        </RowButton>
        <span className="webhook__spacer" />
        {tested && <span className="admin-field__hint">{t('admin.webhooks.testQueued')}</span>}
        <RowButton danger onClick={() => setConfirmDelete(true)}>
          {t('admin.delete')}
        </RowButton>
      </div>
      <FormError message={form.formError} />
      {open && <DeliveryLog hookId={hook.id} />}
      {confirmDelete && (
        <ConfirmDialog
          title={t('admin.webhooks.deleteTitle')}
          tone="danger"
          onClose={() => setConfirmDelete(false)}
          confirmLabel={t('admin.delete')}
          onConfirm={() => form.run(() => store().remove(hook.id))}
        >
          <p>{t('admin.webhooks.deleteExplain', { url: hook.url })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function DeliveryLog({ hookId }: { hookId: string }) {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  const log = useWebhooksStore((s) => s.logs[hookId]);
  if (!log) return null;
  return (
    <div className="delivery-log">
      <div className="delivery-log__head">
        <h3 className="delivery-log__title">{t('admin.webhooks.log')}</h3>
        <button
          type="button"
          className="link-button"
          onClick={() => void useWebhooksStore.getState().loadDeliveries(hookId)}
        >
          {t('admin.refresh')}
        </button>
      </div>
      {log.items.length === 0 && !log.loading ? (
        <p className="admin-field__hint">{t('admin.webhooks.noDeliveries')}</p>
      ) : (
        <DataTable
          compact
          columns={[
            { label: t('admin.webhooks.event') },
            { label: t('admin.webhooks.status') },
            { label: t('admin.webhooks.attempts'), num: true },
            { label: t('admin.webhooks.code'), num: true },
            { label: t('admin.webhooks.when') },
          ]}
          actions
        >
          {log.items.map((d) => (
            <tr key={d.id} data-testid="delivery-row">
              <td>
                <code className="admin-code">{d.event}</code>
              </td>
              <td>
                <Pill tone={d.status === 'DELIVERED' ? 'green' : d.status === 'FAILED' ? 'red' : 'amber'}>
                  {t(`admin.webhooks.status.${d.status}`)}
                </Pill>
                {d.lastError && <div className="admin-table__secondary">{d.lastError}</div>}
              </td>
              <td className="admin-table__num">{d.attempts}</td>
              <td className="admin-table__num">{d.lastStatusCode ?? '—'}</td>
              <td className="admin-table__muted">{formatDateTime(d.createdAt, locale)}</td>
              <td className="admin-table__actions">
                {d.status !== 'DELIVERED' && (
                  <RowButton onClick={() => void useWebhooksStore.getState().retry(hookId, d.id)}>
                    {t('admin.webhooks.retry')}
                  </RowButton>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {log.nextCursor && (
        <RowButton onClick={() => void useWebhooksStore.getState().loadDeliveries(hookId, true)}>
          {t('admin.loadMore')}
        </RowButton>
      )}
    </div>
  );
}

function WebhookSheet({
  hook,
  onClose,
  onCreated,
}: {
  hook: AdminWebhook | null;
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const t = useTranslate();
  const form = useFormSubmit();
  const [url, setUrl] = useState(hook?.url ?? '');
  const [events, setEvents] = useState<WebhookEventName[]>(hook?.events ?? ['conversation.created']);
  const [active, setActive] = useState(hook?.active ?? true);
  const save = async () => {
    await form.submit(WebhookCreateBody, { url: url.trim(), events, active }, async (data) => {
      if (hook) {
        await useWebhooksStore.getState().update(hook.id, data);
        onClose();
      } else onCreated(await useWebhooksStore.getState().create(data));
    });
  };
  return (
    <FormSheet
      title={hook ? t('admin.webhooks.editTitle') : t('admin.webhooks.new')}
      onClose={onClose}
      form={form}
      saveLabel={hook ? t('admin.save') : t('admin.create')}
      savingLabel={null}
      onSave={save}
    >
      <TextField
        label={t('admin.webhooks.url')}
        type="url"
        value={url}
        onChange={setUrl}
        error={form.errors.url}
        placeholder="https://example.com/hooks/livechat"
      />
      <CheckboxGroup
        legend={t('admin.webhooks.events')}
        options={EVENTS.map((e) => ({ value: e, label: e, detail: t(`admin.webhooks.eventHint.${e}`) }))}
        selected={events}
        onChange={setEvents}
        error={form.errors.events}
      />
      <Toggle label={t('admin.webhooks.activeLabel')} checked={active} onChange={setActive} />
    </FormSheet>
  );
}
