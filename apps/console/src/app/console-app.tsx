import { useEffect } from 'react';
import { LoginScreen } from '../auth/login-screen';
import { useLocaleStore } from '../i18n';
import { ConsoleShell } from '../shell/console-shell';
import { useSessionStore } from '../stores/session-store';

/** The root: restores the session, then shows either the login screen or the console. */
export function ConsoleApp() {
  const status = useSessionStore((s) => s.status);
  const locale = useLocaleStore((s) => s.locale);

  useEffect(() => {
    void useSessionStore.getState().restore();
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  switch (status) {
    case 'checking':
      return <div className="app-loading" aria-busy="true" />;
    case 'signed-out':
      return <LoginScreen />;
    case 'signed-in':
      return <ConsoleShell />;
  }
}
