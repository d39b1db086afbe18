import { PasswordChangeBody, ProfilePatchBody } from '@livechat/protocol';
import { useState } from 'react';
import { useTranslate } from '../../i18n';
import { useSessionStore } from '../../stores/session-store';
import { profileApi } from '../admin-api';
import { AdminForm, Card, FormActions, PageHeader, TextField } from '../admin-ui';
import { ApiTokens } from '../integrations/api-tokens';
import { useFormSubmit } from '../use-form-submit';

/** Every agent's own page: name, avatar, password, personal API tokens. */
export function ProfilePage() {
  const t = useTranslate();
  const agent = useSessionStore((s) => s.agent);
  const profile = useFormSubmit();
  const password = useFormSubmit();
  const [name, setName] = useState(agent?.name ?? '');
  const [avatarUrl, setAvatarUrl] = useState(agent?.avatarUrl ?? '');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [profileSaved, setProfileSaved] = useState(false);
  const [passwordSaved, setPasswordSaved] = useState(false);

  const saveProfile = async () => {
    setProfileSaved(
      await profile.submit(ProfilePatchBody, { name, avatarUrl: avatarUrl.trim() || null }, async (data) => {
        const { agent: me } = await profileApi.update(data);
        useSessionStore.getState().setAgent(me);
      }),
    );
  };

  const savePassword = async () => {
    setPasswordSaved(false);
    if (next !== confirm) {
      password.setErrors({ confirm: t('admin.profile.mismatch') });
      password.setFormError(null);
      return;
    }
    const ok = await password.submit(
      PasswordChangeBody,
      { currentPassword: current, newPassword: next },
      async (data) => {
        await profileApi.changePassword(data);
      },
    );
    if (ok) {
      setCurrent('');
      setNext('');
      setConfirm('');
    }
    setPasswordSaved(ok);
  };

  const preview = /^https?:\/\//.test(avatarUrl.trim()) ? avatarUrl.trim() : null;

  return (
    <div className="admin-page">
      <PageHeader title={t('admin.profile.title')} description={t('admin.profile.description')} />
      <Card title={t('admin.profile.details')}>
        <AdminForm onSubmit={saveProfile}>
          <div className="profile-identity">
            <span className="avatar profile-identity__avatar" aria-hidden="true">
              {preview ? <img src={preview} alt="" /> : (name || '?').slice(0, 1).toUpperCase()}
            </span>
            <div>
              <div className="admin-table__primary">{agent?.email}</div>
              <div className="admin-table__secondary">
                {t(agent?.role === 'ADMIN' ? 'nav.role.ADMIN' : 'nav.role.AGENT')}
              </div>
            </div>
          </div>
          <TextField
            label={t('admin.profile.name')}
            value={name}
            onChange={(v) => {
              setName(v);
              setProfileSaved(false);
            }}
            error={profile.errors.name}
          />
          <TextField
            label={t('admin.profile.avatar')}
            type="url"
            value={avatarUrl}
            onChange={(v) => {
              setAvatarUrl(v);
              setProfileSaved(false);
            }}
            error={profile.errors.avatarUrl}
            placeholder="https://"
            hint={t('admin.profile.avatarHint')}
          />
          <FormActions form={profile} saved={profileSaved && t('admin.savedAll')} label={t('admin.save')} />
        </AdminForm>
      </Card>
      <Card title={t('admin.profile.password')} description={t('admin.profile.passwordHint')}>
        <AdminForm onSubmit={savePassword}>
          <TextField
            label={t('admin.profile.current')}
            type="password"
            value={current}
            onChange={setCurrent}
            error={password.errors.currentPassword}
            autoComplete="current-password"
          />
          <div className="admin-form__row">
            <TextField
              label={t('admin.profile.new')}
              type="password"
              value={next}
              onChange={setNext}
              error={password.errors.newPassword}
              hint={t('admin.passwordHint')}
              autoComplete="new-password"
            />
            <TextField
              label={t('admin.profile.confirm')}
              type="password"
              value={confirm}
              onChange={setConfirm}
              error={password.errors.confirm}
              autoComplete="new-password"
            />
          </div>
          <FormActions
            form={password}
            saved={passwordSaved && t('admin.profile.passwordChanged')}
            label={t('admin.profile.changePassword')}
          />
        </AdminForm>
      </Card>
      <Card title={t('admin.profile.tokens')} description={t('admin.profile.tokensHint')}>
        <ApiTokens scope="mine" />
      </Card>
    </div>
  );
}
