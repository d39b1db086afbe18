import { useId, useState, type FormEvent } from 'react';
import { useTranslate, type MessageKey } from '../i18n';
import { LanguageSwitcher } from '../shell/language-switcher';
import { useSessionStore, type SignInError } from '../stores/session-store';

const SIGN_IN_ERRORS: Record<SignInError, MessageKey> = {
  invalid_credentials: 'login.invalid',
  unavailable: 'login.unavailable',
  wrong_address: 'login.wrongAddress',
  rate_limited: 'login.rateLimited',
};

export function LoginScreen() {
  const t = useTranslate();
  const signingIn = useSessionStore((s) => s.signingIn);
  const signInError = useSessionStore((s) => s.signInError);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void useSessionStore.getState().signIn(email.trim(), password);
  };

  return (
    <main className="login">
      <div className="login__card">
        <div className="login__brand" aria-hidden="true">
          <span className="brand-mark" />
          {t('app.name')}
        </div>
        <h1 className="login__heading">{t('login.heading')}</h1>
        <p className="login__subheading">{t('login.subheading')}</p>
        <form
          className="login__form"
          onSubmit={submit}
          noValidate
          aria-describedby={signInError ? errorId : undefined}
        >
          <label className="field" htmlFor={emailId}>
            <span className="field__label">{t('login.email')}</span>
            <input
              id={emailId}
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field" htmlFor={passwordId}>
            <span className="field__label">{t('login.password')}</span>
            <input
              id={passwordId}
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {signInError && (
            <p id={errorId} className="login__error" role="alert">
              {t(SIGN_IN_ERRORS[signInError])}
            </p>
          )}
          <button className="button button--primary button--block" type="submit" disabled={signingIn}>
            {signingIn ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
      <div className="login__footer">
        <LanguageSwitcher />
      </div>
    </main>
  );
}
