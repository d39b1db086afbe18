import { ApiTokenCreateBody, type ApiScope, type ApiTokenItem } from '@livechat/protocol';
import { useCallback, useEffect, useState } from 'react';
import { formatDateTime, useLocaleStore, useTranslate } from '../../i18n';
import { useSessionStore } from '../../stores/session-store';
import { adminApi, profileApi } from '../admin-api';
import { expireOn401 } from '../admin-data-store';
import {
  CheckboxGroup,
  ConfirmDialog,
  CopyField,
  DataTable,
  DoneDialog,
  EmptyState,
  FormError,
  Pill,
  RowButton,
  SelectField,
  TextField,
} from '../admin-ui';
import { useFormSubmit } from '../use-form-submit';

/**
 * API tokens: `mine` lists and creates the signed-in agent's own; `all` (admins) lists everyone's.
 * Either can revoke. The token text is shown once, right after creation.
 */
export function ApiTokens({ scope }: { scope: 'mine' | 'all' }) {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  const [items, setItems] = useState<ApiTokenItem[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((scope === 'all' ? await adminApi.allTokens() : await profileApi.tokens()).items);
    } catch (e) {
      expireOn401(e);
      setError(t('admin.error.generic'));
    }
  }, [scope, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (id: string) => {
    try {
      if (scope === 'all') await adminApi.revokeAnyToken(id);
      else await profileApi.revokeToken(id);
      await load();
    } catch (e) {
      expireOn401(e);
      setError(t('admin.error.generic'));
    }
  };

  return (
    <div className="tokens">
      <div className="tokens__bar">
        <FormError message={error} />
        <button
          type="button"
          className="button button--primary button--small"
          onClick={() => setCreating(true)}
        >
          {t('admin.tokens.new')}
        </button>
      </div>
      {items && items.length === 0 ? (
        <EmptyState title={t('admin.tokens.empty')} text={t('admin.tokens.emptyHint')} />
      ) : (
        <DataTable
          columns={[
            { label: t('admin.tokens.name') },
            scope === 'all' && { label: t('admin.tokens.owner') },
            { label: t('admin.tokens.scopes') },
            { label: t('admin.tokens.lastUsed') },
            { label: t('admin.tokens.expires') },
          ]}
          actions
        >
          {(items ?? []).map((token) => {
            const expired = token.expiresAt !== null && token.expiresAt < Date.now();
            return (
              <tr
                key={token.id}
                className={token.revokedAt || expired ? 'admin-table__row--inactive' : undefined}
              >
                <td className="admin-table__primary">{token.name}</td>
                {scope === 'all' && <td>{token.agent.name}</td>}
                <td>
                  <span className="pill-row">
                    {token.scopes.map((s) => (
                      <Pill key={s} tone={s === 'admin' ? 'accent' : 'gray'}>
                        {s}
                      </Pill>
                    ))}
                  </span>
                </td>
                <td className="admin-table__muted">
                  {token.lastUsedAt ? formatDateTime(token.lastUsedAt, locale) : t('admin.tokens.never')}
                </td>
                <td className="admin-table__muted">
                  {token.revokedAt ? (
                    <Pill tone="red">{t('admin.tokens.revoked')}</Pill>
                  ) : token.expiresAt ? (
                    formatDateTime(token.expiresAt, locale)
                  ) : (
                    t('admin.tokens.noExpiry')
                  )}
                </td>
                <td className="admin-table__actions">
                  {!token.revokedAt && (
                    <RowButton
                      danger
                      label={t('admin.tokens.revokeNamed', { name: token.name })}
                      onClick={() => void revoke(token.id)}
                    >
                      {t('admin.tokens.revoke')}
                    </RowButton>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {creating && (
        <CreateTokenDialog
          onClose={() => setCreating(false)}
          onCreated={(token) => {
            setCreating(false);
            setCreated(token);
            void load();
          }}
        />
      )}
      {created && (
        <DoneDialog title={t('admin.tokens.createdTitle')} onClose={() => setCreated(null)}>
          <p>{t('admin.tokens.showOnce')}</p>
          <CopyField label={t('admin.tokens.token')} value={created} />
          <p className="admin-field__hint">{t('admin.tokens.usage')}</p>
        </DoneDialog>
      )}
    </div>
  );
}

function CreateTokenDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (token: string) => void;
}) {
  const t = useTranslate();
  const isAdmin = useSessionStore((s) => s.agent?.role === 'ADMIN');
  const form = useFormSubmit();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>(['conversations:read']);
  const [expires, setExpires] = useState('90');
  const options: Array<{ value: ApiScope; label: string; detail: string }> = [
    { value: 'conversations:read', label: 'conversations:read', detail: t('admin.tokens.scope.read') },
    { value: 'conversations:write', label: 'conversations:write', detail: t('admin.tokens.scope.write') },
    ...(isAdmin ? [{ value: 'admin' as const, label: 'admin', detail: t('admin.tokens.scope.admin') }] : []),
  ];
  const create = () =>
    void form.submit(
      ApiTokenCreateBody,
      { name, scopes, ...(expires === 'never' ? {} : { expiresInDays: Number(expires) }) },
      async (data) => onCreated((await profileApi.createToken(data)).token),
    );
  return (
    <ConfirmDialog
      title={t('admin.tokens.new')}
      onClose={onClose}
      confirmLabel={t('admin.create')}
      onConfirm={create}
      disabled={form.saving}
      error={form.formError}
    >
      <TextField
        label={t('admin.tokens.name')}
        value={name}
        onChange={setName}
        error={form.errors.name}
        placeholder={t('admin.tokens.namePlaceholder')}
      />
      <CheckboxGroup
        legend={t('admin.tokens.scopes')}
        options={options}
        selected={scopes}
        onChange={setScopes}
        error={form.errors.scopes}
      />
      <SelectField
        label={t('admin.tokens.expiry')}
        value={expires}
        options={[
          { value: '30', label: t('admin.tokens.days', { count: 30 }) },
          { value: '90', label: t('admin.tokens.days', { count: 90 }) },
          { value: '365', label: t('admin.tokens.days', { count: 365 }) },
          { value: 'never', label: t('admin.tokens.noExpiry') },
        ]}
        onChange={setExpires}
        error={form.errors.expiresInDays}
      />
    </ConfirmDialog>
  );
}
