import { useTranslate } from '../i18n';
import { useUiStore } from '../stores/ui-store';

/** A small, calm strip while the socket is down; replay happens by itself when it comes back. */
export function ConnectionBanner() {
  const t = useTranslate();
  const connection = useUiStore((s) => s.connection);
  if (connection === 'online') return null;
  return (
    <div className="connection-banner" data-testid="connection-banner" role="status" aria-live="polite">
      <span className="connection-banner__spinner" aria-hidden="true" />
      {connection === 'connecting' ? t('connection.connecting') : t('connection.reconnecting')}
    </div>
  );
}
