import { useEffect, useRef, type KeyboardEvent } from 'react';
import { readableTextOn, safeColor } from '../../shared/contrast';
import type { PanelSession } from '../panel-session';
import { Composer } from './Composer';
import { Header } from './Header';
import { MessageList } from './MessageList';
import { useConversation, usePanelView } from './use-session';
import { t } from '../i18n';

const FOCUSABLE =
  'button:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

export function App({ session }: { session: PanelSession }) {
  const state = useConversation(session);
  const view = usePanelView(session);
  const rootRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const wasOnline = useRef(false);
  if (state.connection === 'online') wasOnline.current = true;
  const down = state.connection === 'offline' || (state.connection === 'connecting' && wasOnline.current);

  const color = safeColor(view.config.color);
  const locale = view.locale;

  // Opening moves focus into the composer (not on phones: that would pop the keyboard over the chat).
  useEffect(() => {
    if (!view.open) return;
    if (window.matchMedia('(max-width: 480px)').matches) rootRef.current?.focus();
    else inputRef.current?.focus();
  }, [view.open]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  // The site colour, and a text colour that stays readable on it whatever the admin picked.
  useEffect(() => {
    document.documentElement.style.setProperty('--c', color);
    document.documentElement.style.setProperty('--t', readableTextOn(color));
  }, [color]);

  /** Tab stays inside the open panel; Escape closes it. */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      session.close();
      return;
    }
    if (event.key !== 'Tab' || !rootRef.current) return;
    const items = Array.from(rootRef.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div ref={rootRef} className="panel" tabIndex={-1} onKeyDown={onKeyDown}>
      <Header
        config={view.config}
        conversation={state.conversation}
        locale={locale}
        onClose={session.close}
      />
      {down && (
        <div className="banner" data-testid="connection-banner" role="status">
          <span className="spinner" aria-hidden="true" />
          {t(locale, 'reconnecting')}
        </div>
      )}
      <MessageList
        state={state}
        locale={locale}
        greeting={view.config.greeting}
        onRetry={(id) => session.store.retry(id)}
        onLoadOlder={() => session.store.loadOlder()}
      />
      <Composer
        inputRef={inputRef}
        locale={locale}
        onSend={(text) => session.send(text)}
        onInput={(text) => session.typing(text)}
      />
    </div>
  );
}
