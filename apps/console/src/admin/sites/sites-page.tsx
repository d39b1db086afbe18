import { SiteCreateBody, SitePatchBody, type AdminSite, type PreChatForm } from '@livechat/protocol';
import { useEffect, useState } from 'react';
import { formatDateTime, useLocaleStore, useTranslate } from '../../i18n';
import { adminApi } from '../admin-api';
import { useAdminDataStore } from '../admin-data-store';
import {
  Card,
  ConfirmDialog,
  CopyField,
  EmptyState,
  Field,
  FormError,
  PageHeader,
  Segmented,
  SelectField,
  TextField,
  Toggle,
} from '../admin-ui';
import type { FieldErrors } from '../field-errors';
import { useCollection, useCollectionStatus } from '../use-collection';
import { useFormSubmit } from '../use-form-submit';
import { WidgetPreview } from './widget-preview';

interface SiteDraft {
  name: string;
  origins: string;
  color: string;
  position: 'left' | 'right';
  launcherText: string;
  greeting: string;
  logoUrl: string;
  locale: string;
  preChat: PreChatForm;
  identityRequired: boolean;
  defaultDepartmentId: string;
}

const draftOf = (site: AdminSite): SiteDraft => ({
  name: site.name,
  origins: site.allowedOrigins.join('\n'),
  color: site.color,
  position: site.position,
  launcherText: site.launcherText,
  greeting: site.greeting,
  logoUrl: site.logoUrl ?? '',
  locale: site.locale,
  preChat: site.preChat,
  identityRequired: site.identityRequired,
  defaultDepartmentId: site.defaultDepartmentId ?? '',
});

/** The PATCH body of a draft: origins one per line, empty optional texts as null. */
export function bodyOf(draft: SiteDraft) {
  return {
    name: draft.name,
    allowedOrigins: draft.origins
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    color: draft.color.trim(),
    position: draft.position,
    launcherText: draft.launcherText,
    greeting: draft.greeting,
    logoUrl: draft.logoUrl.trim() || null,
    locale: draft.locale,
    preChat: draft.preChat,
    identityRequired: draft.identityRequired,
    defaultDepartmentId: draft.defaultDepartmentId || null,
  };
}

/** "Line 2: must be an origin…" for the origins textarea, from errors keyed allowedOrigins.<index>. */
function originsError(errors: FieldErrors, line: (n: number) => string): string | undefined {
  for (const [key, message] of Object.entries(errors)) {
    const match = /^allowedOrigins(?:\.(\d+))?$/.exec(key);
    if (match) return match[1] === undefined ? message : `${line(Number(match[1]) + 1)}: ${message}`;
  }
  return undefined;
}

export function SitesPage() {
  const t = useTranslate();
  const sites = useCollection('sites');
  const status = useCollectionStatus('sites');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const site = sites.find((s) => s.id === selectedId) ?? sites[0] ?? null;

  return (
    <div className="admin-page admin-page--wide">
      <PageHeader
        title={t('admin.nav.sites')}
        description={t('admin.sites.description')}
        actions={
          <button type="button" className="button button--secondary" onClick={() => setCreating(true)}>
            {t('admin.sites.new')}
          </button>
        }
      />
      {sites.length > 1 && (
        <div className="admin-tabs" role="tablist" aria-label={t('admin.nav.sites')}>
          {sites.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              aria-selected={s.id === site?.id}
              className={`admin-tabs__tab${s.id === site?.id ? ' admin-tabs__tab--on' : ''}`}
              onClick={() => setSelectedId(s.id)}
            >
              <span className="admin-tabs__swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.name}
            </button>
          ))}
        </div>
      )}
      {status === 'ready' && !site && <EmptyState title={t('admin.sites.empty')} />}
      {site && (
        <SiteEditor
          key={site.id}
          site={site}
          canDelete={sites.length > 1}
          onDeleted={() => setSelectedId(null)}
        />
      )}
      {creating && (
        <NewSiteDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            setSelectedId(id);
          }}
        />
      )}
    </div>
  );
}

function SiteEditor({
  site,
  canDelete,
  onDeleted,
}: {
  site: AdminSite;
  canDelete: boolean;
  onDeleted: () => void;
}) {
  const t = useTranslate();
  const departments = useCollection('departments');
  const form = useFormSubmit();
  const [draft, setDraft] = useState<SiteDraft>(() => draftOf(site));
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const dirty = JSON.stringify(bodyOf(draft)) !== JSON.stringify(bodyOf(draftOf(site)));
  const set = <K extends keyof SiteDraft>(key: K, value: SiteDraft[K]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const setPreChat = (key: keyof PreChatForm, value: boolean) =>
    set('preChat', { ...draft.preChat, [key]: value });

  const save = async () => {
    const ok = await form.submit(SitePatchBody, bodyOf(draft), async (data) => {
      const updated = await useAdminDataStore.getState().updateSite(site.id, data);
      setDraft(draftOf(updated));
    });
    setSaved(ok);
  };

  const usableDepartments = departments.filter((d) => d.siteId === null || d.siteId === site.id);

  return (
    <div className="site-editor">
      <div className="site-editor__form">
        <div className="savebar" aria-live="polite">
          <span className="savebar__state">
            {dirty ? t('admin.unsaved') : saved ? t('admin.savedAll') : t('admin.sites.upToDate')}
          </span>
          <FormError message={form.formError} />
          <button
            type="button"
            className="button button--secondary"
            disabled={!dirty || form.saving}
            onClick={() => setDraft(draftOf(site))}
          >
            {t('admin.discard')}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!dirty || form.saving}
            onClick={() => void save()}
          >
            {form.saving ? t('admin.saving') : t('admin.saveChanges')}
          </button>
        </div>

        <Card title={t('admin.sites.general')}>
          <div className="admin-form">
            <TextField
              label={t('admin.sites.name')}
              value={draft.name}
              onChange={(v) => set('name', v)}
              error={form.errors.name}
            />
            <div className="admin-form__row">
              <SelectField
                label={t('admin.sites.locale')}
                value={draft.locale === 'zh-CN' ? 'zh-CN' : 'en'}
                options={[
                  { value: 'en', label: 'English' },
                  { value: 'zh-CN', label: '简体中文' },
                ]}
                onChange={(v) => set('locale', v)}
                error={form.errors.locale}
                hint={t('admin.sites.localeHint')}
              />
              <SelectField
                label={t('admin.sites.defaultDepartment')}
                value={draft.defaultDepartmentId}
                options={[
                  { value: '', label: t('admin.sites.noDefault') },
                  ...usableDepartments.map((d) => ({ value: d.id, label: d.name })),
                ]}
                onChange={(v) => set('defaultDepartmentId', v)}
                error={form.errors.defaultDepartmentId}
                hint={t('admin.sites.defaultDepartmentHint')}
              />
            </div>
            <TextField
              label={t('admin.sites.origins')}
              value={draft.origins}
              onChange={(v) => set('origins', v)}
              error={originsError(form.errors, (n) => t('admin.sites.line', { n }))}
              hint={t('admin.sites.originsHint')}
              multiline
            />
          </div>
        </Card>

        <Card title={t('admin.sites.look')} description={t('admin.sites.lookHint')}>
          <div className="admin-form">
            <div className="admin-form__row">
              <Field label={t('admin.sites.color')} error={form.errors.color}>
                {({ id, describedBy, invalid }) => (
                  <div className="color-input">
                    <input
                      type="color"
                      className="color-input__swatch"
                      aria-label={t('admin.sites.colorPicker')}
                      value={/^#[0-9a-f]{6}$/i.test(draft.color) ? draft.color : '#2563eb'}
                      onChange={(e) => set('color', e.target.value)}
                    />
                    <input
                      id={id}
                      className="admin-input"
                      value={draft.color}
                      aria-invalid={invalid || undefined}
                      aria-describedby={describedBy}
                      onChange={(e) => set('color', e.target.value)}
                    />
                  </div>
                )}
              </Field>
              <Field label={t('admin.sites.position')} error={form.errors.position}>
                {() => (
                  <Segmented
                    name="position"
                    label={t('admin.sites.position')}
                    value={draft.position}
                    options={[
                      { value: 'left', label: t('admin.sites.left') },
                      { value: 'right', label: t('admin.sites.right') },
                    ]}
                    onChange={(p) => set('position', p)}
                  />
                )}
              </Field>
            </div>
            <TextField
              label={t('admin.sites.launcherText')}
              value={draft.launcherText}
              onChange={(v) => set('launcherText', v)}
              error={form.errors.launcherText}
              hint={t('admin.sites.launcherTextHint')}
            />
            <TextField
              label={t('admin.sites.greeting')}
              value={draft.greeting}
              onChange={(v) => set('greeting', v)}
              error={form.errors.greeting}
              multiline
            />
            <TextField
              label={t('admin.sites.logoUrl')}
              type="url"
              value={draft.logoUrl}
              onChange={(v) => set('logoUrl', v)}
              error={form.errors.logoUrl}
              placeholder="https://"
              hint={t('admin.sites.logoHint')}
            />
          </div>
        </Card>

        <Card title={t('admin.sites.preChat')} description={t('admin.sites.preChatHint')}>
          <div className="admin-toggles">
            <Toggle
              label={t('admin.sites.preChatEnabled')}
              checked={draft.preChat.enabled}
              onChange={(v) => setPreChat('enabled', v)}
            />
            {draft.preChat.enabled && (
              <>
                <Toggle
                  label={t('admin.sites.nameRequired')}
                  checked={draft.preChat.nameRequired}
                  onChange={(v) => setPreChat('nameRequired', v)}
                />
                <Toggle
                  label={t('admin.sites.emailRequired')}
                  checked={draft.preChat.emailRequired}
                  onChange={(v) => setPreChat('emailRequired', v)}
                />
                <Toggle
                  label={t('admin.sites.askDepartment')}
                  checked={draft.preChat.askDepartment}
                  onChange={(v) => setPreChat('askDepartment', v)}
                />
              </>
            )}
          </div>
        </Card>

        <IdentityCard
          site={site}
          required={draft.identityRequired}
          onRequired={(v) => set('identityRequired', v)}
        />

        <Card title={t('admin.sites.embed')} description={t('admin.sites.embedHint')}>
          <CopyField label={t('admin.sites.snippet')} value={site.embedSnippet} multiline />
        </Card>

        {canDelete && (
          <Card title={t('admin.sites.danger')}>
            <div className="danger-row">
              <p>{t('admin.sites.deleteHint')}</p>
              <button
                type="button"
                className="button button--danger-outline"
                onClick={() => setConfirmDelete(true)}
              >
                {t('admin.sites.delete')}
              </button>
            </div>
          </Card>
        )}
      </div>
      <aside className="site-editor__preview">
        <WidgetPreview
          look={{
            name: draft.name,
            color: draft.color,
            position: draft.position,
            launcherText: draft.launcherText,
            greeting: draft.greeting,
            logoUrl: /^https?:\/\//.test(draft.logoUrl) ? draft.logoUrl : null,
            locale: draft.locale,
          }}
        />
      </aside>
      {confirmDelete && (
        <DeleteSiteDialog site={site} onClose={() => setConfirmDelete(false)} onDeleted={onDeleted} />
      )}
    </div>
  );
}

function IdentityCard({
  site,
  required,
  onRequired,
}: {
  site: AdminSite;
  required: boolean;
  onRequired: (v: boolean) => void;
}) {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  const form = useFormSubmit();
  const [secret, setSecret] = useState<string | null>(null);
  const [until, setUntil] = useState<number | null>(site.previousSecretUntil);
  const [grace, setGrace] = useState('24');
  const [confirmRotate, setConfirmRotate] = useState(false);
  useEffect(() => setUntil(site.previousSecretUntil), [site.previousSecretUntil]);

  return (
    <Card title={t('admin.sites.identity')} description={t('admin.sites.identityHint')}>
      <div className="admin-form">
        <Toggle
          label={t('admin.sites.identityRequired')}
          description={t('admin.sites.identityRequiredHint')}
          checked={required}
          onChange={onRequired}
        />
        {secret ? (
          <CopyField label={t('admin.sites.secret')} value={secret} />
        ) : (
          <div>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={form.saving}
              onClick={() =>
                void form.run(async () => setSecret((await adminApi.identitySecret(site.id)).secret))
              }
            >
              {t('admin.sites.revealSecret')}
            </button>
          </div>
        )}
        {until !== null && until > Date.now() && (
          <p className="admin-field__hint">
            {t('admin.sites.previousUntil', { when: formatDateTime(until, locale) })}
          </p>
        )}
        <div className="admin-form__inline">
          <SelectField
            label={t('admin.sites.grace')}
            value={grace}
            options={[
              { value: '0', label: t('admin.sites.graceNone') },
              { value: '1', label: t('admin.sites.graceHours', { count: 1 }) },
              { value: '24', label: t('admin.sites.graceHours', { count: 24 }) },
              { value: '72', label: t('admin.sites.graceDays', { count: 3 }) },
              { value: '168', label: t('admin.sites.graceDays', { count: 7 }) },
            ]}
            onChange={setGrace}
          />
          <button type="button" className="button button--secondary" onClick={() => setConfirmRotate(true)}>
            {t('admin.sites.rotate')}
          </button>
        </div>
        <FormError message={form.formError} />
      </div>
      {confirmRotate && (
        <ConfirmDialog
          title={t('admin.sites.rotateTitle')}
          onClose={() => setConfirmRotate(false)}
          confirmLabel={t('admin.sites.rotate')}
          onConfirm={() =>
            form
              .run(async () => {
                const result = await adminApi.rotateSecret(site.id, Number(grace));
                setSecret(result.secret);
                setUntil(result.previousSecretUntil);
              })
              .then(() => setConfirmRotate(false))
          }
        >
          <p>
            {grace === '0'
              ? t('admin.sites.rotateNow')
              : t('admin.sites.rotateGrace', { hours: Number(grace) })}
          </p>
        </ConfirmDialog>
      )}
    </Card>
  );
}

function NewSiteDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const t = useTranslate();
  const form = useFormSubmit();
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const create = () =>
    void form.submit(
      SiteCreateBody,
      {
        name,
        allowedOrigins: origins
          .split('\n')
          .map((o) => o.trim())
          .filter(Boolean),
      },
      async (data) => onCreated((await useAdminDataStore.getState().createSite(data)).id),
    );
  return (
    <ConfirmDialog
      title={t('admin.sites.new')}
      onClose={onClose}
      confirmLabel={t('admin.create')}
      onConfirm={create}
      disabled={form.saving}
      error={form.formError}
    >
      <TextField label={t('admin.sites.name')} value={name} onChange={setName} error={form.errors.name} />
      <TextField
        label={t('admin.sites.origins')}
        value={origins}
        onChange={setOrigins}
        error={originsError(form.errors, (n) => t('admin.sites.line', { n }))}
        hint={t('admin.sites.originsHint')}
        multiline
      />
    </ConfirmDialog>
  );
}

function DeleteSiteDialog({
  site,
  onClose,
  onDeleted,
}: {
  site: AdminSite;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const t = useTranslate();
  const form = useFormSubmit();
  const [typed, setTyped] = useState('');
  return (
    <ConfirmDialog
      title={t('admin.sites.deleteTitle', { name: site.name })}
      tone="danger"
      onClose={onClose}
      confirmLabel={t('admin.sites.delete')}
      onConfirm={() =>
        form.run(async () => {
          await useAdminDataStore.getState().deleteSite(site.id);
          onDeleted();
        })
      }
      disabled={typed !== site.name || form.saving}
      error={form.formError}
    >
      <p>{t('admin.sites.deleteExplain')}</p>
      <TextField label={t('admin.sites.typeName', { name: site.name })} value={typed} onChange={setTyped} />
    </ConfirmDialog>
  );
}
