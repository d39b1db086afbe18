import { NewPassword, type InviteInfoResponse } from '@livechat/protocol';
import '../admin.css';
import { useEffect, useState } from 'react';
import { ApiRequestError } from '../../api/http-client';
import { useTranslate } from '../../i18n';
import { LanguageSwitcher } from '../../shell/language-switcher';
import { inviteApi } from '../admin-api';
import { AdminForm, FormError, TextField } from '../admin-ui';
import { useFormSubmit } from '../use-form-submit';

/**
 * `#/invite/<token>`: a new agent (or one whose password an admin reset) sets a password, without a
 * session. Afterwards the hash is cleared and the usual sign-in screen takes over.
 */
export function InvitePage({ token }: { token: string }) {
  const t = useTranslate();
  const form = useFormSubmit();
  const [info, setInfo] = useState<InviteInfoResponse | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'invalid' | 'done'>('loading');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');

  useEffect(() => {
    inviteApi.info(token).then(
      (found) => {
        setInfo(found);
        setState('ready');
      },
      (error: unknown) =>
        setState(error instanceof ApiRequestError && error.status === 0 ? 'loading' : 'invalid'),
    );
  }, [token]);

  const accept = async () => {
    if (password !== confirm) {
      form.setErrors({ confirm: t('admin.profile.mismatch') });
      return;
    }
    const ok = await form.submit(NewPassword, password, async (data) => {
      await inviteApi.accept(token, data);
    });
    if (ok) setState('done');
  };

  const toSignIn = () => {
    window.history.replaceState(null, '', '#/queue');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  };

  return (
    <main className="login">
      <div className="login__card">
        <div className="login__brand" aria-hidden="true">
          <span className="brand-mark" />
          {t('app.name')}
        </div>
        {state === 'loading' && <p aria-busy="true">{t('admin.invite.loading')}</p>}
        {state === 'invalid' && (
          <>
            <h1 className="login__heading">{t('admin.invite.invalidTitle')}</h1>
            <p className="login__subheading">{t('admin.invite.invalid')}</p>
            <button
              type="button"
              className="button button--secondary button--block invite__next"
              onClick={toSignIn}
            >
              {t('admin.invite.toSignIn')}
            </button>
          </>
        )}
        {state === 'ready' && info && (
          <>
            <h1 className="login__heading">{t('admin.invite.welcome', { name: info.name })}</h1>
            <p className="login__subheading">{t('admin.invite.choose', { email: info.email })}</p>
            <AdminForm className="login__form" onSubmit={accept}>
              <TextField
                label={t('admin.invite.password')}
                type="password"
                value={password}
                onChange={setPassword}
                error={form.errors['(body)'] ?? form.errors.password}
                hint={t('admin.passwordHint')}
                autoComplete="new-password"
              />
              <TextField
                label={t('admin.invite.confirm')}
                type="password"
                value={confirm}
                onChange={setConfirm}
                error={form.errors.confirm}
                autoComplete="new-password"
              />
              <FormError message={form.formError} />
              <button type="submit" className="button button--primary button--block" disabled={form.saving}>
                {t('admin.invite.submit')}
              </button>
            </AdminForm>
          </>
        )}
        {state === 'done' && (
          <>
            <h1 className="login__heading">{t('admin.invite.doneTitle')}</h1>
            <p className="login__subheading">{t('admin.invite.done', { email: info?.email ?? '' })}</p>
            <button
              type="button"
              className="button button--primary button--block invite__next"
              onClick={toSignIn}
            >
              {t('admin.invite.toSignIn')}
            </button>
          </>
        )}
      </div>
      <div className="login__footer">
        <LanguageSwitcher />
      </div>
    </main>
  );
}
