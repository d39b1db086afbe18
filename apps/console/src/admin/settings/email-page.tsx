import { EmailSettingsBody, EmailTestBody, type EmailSettings } from '@livechat/protocol';
import { useEffect, useState } from 'react';
import { useTranslate } from '../../i18n';
import { adminApi } from '../admin-api';
import { expireOn401 } from '../admin-data-store';
import { AdminForm, Card, FormActions, FormError, PageHeader, Pill, TextField, Toggle } from '../admin-ui';
import { useFormSubmit } from '../use-form-submit';

export function EmailPage() {
  const t = useTranslate();
  const form = useFormSubmit();
  const test = useFormSubmit();
  const [settings, setSettings] = useState<EmailSettings | null>(null);
  const [host, setHost] = useState('');
  const [port, setPort] = useState('587');
  const [secure, setSecure] = useState(false);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [testSent, setTestSent] = useState(false);

  const apply = (s: EmailSettings) => {
    setSettings(s);
    if (!s.configured) return;
    setHost(s.host);
    setPort(String(s.port));
    setSecure(s.secure);
    setUser(s.user);
    setFrom(s.from);
    setPassword('');
  };

  useEffect(() => {
    adminApi.emailSettings().then(apply, expireOn401);
  }, []);

  const save = async () => {
    const ok = await form.submit(
      EmailSettingsBody,
      {
        host,
        port: port.trim() === '' ? Number.NaN : Number(port),
        secure,
        user,
        from,
        // Empty keeps the stored password; the server removes it only on an explicit "".
        ...(password ? { password } : {}),
      },
      async (data) => apply(await adminApi.saveEmailSettings(data)),
    );
    setMessage(ok ? t('admin.savedAll') : null);
  };

  return (
    <div className="admin-page">
      <PageHeader
        title={t('admin.nav.email')}
        description={t('admin.email.description')}
        actions={
          settings && (
            <Pill tone={settings.configured ? 'green' : 'gray'}>
              {settings.configured ? t('admin.email.on') : t('admin.email.off')}
            </Pill>
          )
        }
      />
      <Card
        title={t('admin.email.smtp')}
        description={settings?.configured ? undefined : t('admin.email.offHint')}
      >
        <AdminForm onSubmit={save}>
          <div className="admin-form__row admin-form__row--wide-first">
            <TextField
              label={t('admin.email.host')}
              value={host}
              onChange={setHost}
              error={form.errors.host}
              placeholder="smtp.example.com"
            />
            <TextField
              label={t('admin.email.port')}
              type="number"
              value={port}
              onChange={setPort}
              error={form.errors.port}
            />
          </div>
          <Toggle
            label={t('admin.email.secure')}
            description={t('admin.email.secureHint')}
            checked={secure}
            onChange={setSecure}
          />
          <div className="admin-form__row">
            <TextField
              label={t('admin.email.user')}
              value={user}
              onChange={setUser}
              error={form.errors.user}
              autoComplete="off"
            />
            <TextField
              label={t('admin.email.password')}
              type="password"
              value={password}
              onChange={setPassword}
              error={form.errors.password}
              autoComplete="new-password"
              hint={settings?.hasPassword ? t('admin.email.passwordKept') : undefined}
            />
          </div>
          <TextField
            label={t('admin.email.from')}
            value={from}
            onChange={setFrom}
            error={form.errors.from}
            placeholder="Support <support@example.com>"
          />
          <FormActions form={form} saved={message} label={form.saving ? t('admin.saving') : t('admin.save')}>
            {settings?.configured && (
              <button
                type="button"
                className="button button--ghost"
                onClick={() => void form.run(async () => apply(await adminApi.disableEmail()))}
              >
                {t('admin.email.disable')}
              </button>
            )}
          </FormActions>
        </AdminForm>
      </Card>
      <Card title={t('admin.email.testTitle')} description={t('admin.email.testHint')}>
        <div className="admin-form__inline">
          <TextField
            label={t('admin.email.to')}
            type="email"
            value={to}
            onChange={setTo}
            error={test.errors.to}
          />
          <button
            type="button"
            className="button button--secondary"
            disabled={test.saving || !settings?.configured}
            onClick={() => {
              setTestSent(false);
              void test
                .submit(EmailTestBody, { to }, async (data) => {
                  await adminApi.testEmail(data.to);
                })
                .then(setTestSent);
            }}
          >
            {test.saving ? t('admin.email.sending') : t('admin.email.sendTest')}
          </button>
        </div>
        <FormError message={test.formError} />
        {testSent && <p className="admin-saved">{t('admin.email.testSent', { to })}</p>}
      </Card>
    </div>
  );
}
