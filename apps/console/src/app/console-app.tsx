import { Suspense, useEffect, useState } from 'react';
import { InvitePage, readInviteToken } from '../admin';
import { LoginScreen } from '../auth/login-screen';
import { useLocaleStore } from '../i18n';
import { ConsoleShell } from '../shell/console-shell';
import { useSessionStore } from '../stores/session-store';

/** The root: restores the session, then shows either the login screen or the console. */
export function ConsoleApp() {
  const status = useSessionStore((s) => s.status);
  const locale = useLocaleStore((s) => s.locale);
  const inviteToken = useInviteToken();

  useEffect(() => {
    void useSessionStore.getState().restore();
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  // An invite or reset link works without a session (and whoever is signed in on this browser).
  if (inviteToken) {
    return (
      <Suspense fallback={<div className="app-loading" aria-busy="true" />}>
        <InvitePage token={inviteToken} />
      </Suspense>
    );
  }

  switch (status) {
    case 'checking':
      return <div className="app-loading" aria-busy="true" />;
    case 'signed-out':
      return <LoginScreen />;
    case 'signed-in':
      return <ConsoleShell />;
  }
}

/** The token of `#/invite/<token>`, following hash changes. */
function useInviteToken(): string | null {
  const [token, setToken] = useState(() => readInviteToken(window.location.hash));
  useEffect(() => {
    const update = () => setToken(readInviteToken(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return token;
}
