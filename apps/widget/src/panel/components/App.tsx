import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { readableTextOn, safeColor } from '../../shared/contrast';
import type { PanelSession, RequestError } from '../panel-session';
import { Composer, type AwayFields } from './Composer';
import { Header } from './Header';
import { MessageList } from './MessageList';
import { PreChatForm } from './PreChatForm';
import { RatingCard } from './RatingCard';
import { useConversation, usePanelView } from './use-session';
import { t } from '../i18n';

const FOCUSABLE =
  'button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function App({ session }: { session: PanelSession }) {
  const state = useConversation(session);
  const view = usePanelView(session);
  const rootRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const wasOnline = useRef(false);
  const [dragging, setDragging] = useState(false);
  const [newChat, setNewChat] = useState(false);
  const [offline, setOffline] = useState<{ email: string; error: RequestError | null } | null>(null);
  if (state.connection === 'online') wasOnline.current = true;
  const down = state.connection === 'offline' || (state.connection === 'connecting' && wasOnline.current);

  const { config, locale } = view;
  const color = safeColor(config.color);
  const conversation = state.conversation;
  const status = conversation?.status ?? null;
  const open = status === 'QUEUED' || status === 'ACTIVE';
  const closed = status === 'CLOSED' && !newChat;
  // Away: no agent of the chosen department online (the server folds business hours into `online`).
  const department = config.departments.find((d) => d.id === view.departmentId);
  const away = !open && !(department ? department.online : config.online);
  const askPreChat = !open && !closed && !view.preChatDone;

  // A conversation that starts (or reopens) after "start a new chat" ends that mode.
  useEffect(() => {
    if (open) setNewChat(false);
  }, [open]);

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

  const onSend = (text: string, fields: AwayFields | null): void => {
    if (!fields?.email) return session.send(text);
    if (!EMAIL.test(fields.email)) {
      setOffline({ email: fields.email, error: 'invalid' });
      return;
    }
    setOffline({ email: fields.email, error: null });
    void session
      .leaveMessage({ name: fields.name, email: fields.email, text })
      .then((error) => setOffline({ email: fields.email, error }));
  };

  const canDrop = !closed && !askPreChat;
  const onDrag = (event: DragEvent<HTMLDivElement>, over: boolean): void => {
    if (!canDrop || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    setDragging(over);
  };

  return (
    <div
      ref={rootRef}
      className="panel"
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onDragOver={(event) => onDrag(event, true)}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={(event) => {
        onDrag(event, false);
        const files = Array.from(event.dataTransfer?.files ?? []);
        if (canDrop && files.length) session.attach(files);
      }}
    >
      <Header
        config={config}
        conversation={conversation}
        locale={locale}
        away={away}
        sound={view.sound}
        onSound={session.setSound}
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
        greeting={away && !state.messages.length ? t(locale, 'away') : config.greeting}
        onRetry={(id) => session.store.retry(id)}
        onLoadOlder={() => session.store.loadOlder()}
        onRetryUpload={session.retryUpload}
        onDismissUpload={session.dismissUpload}
      >
        {offline && (
          <div
            className={`card note${offline.error ? ' error' : ''}`}
            role="status"
            data-testid="offline-receipt"
          >
            {offline.error === null
              ? t(locale, 'offlineSent', { email: offline.email })
              : t(locale, offline.error === 'invalid' ? 'invalidEmail' : 'offlineFailed')}
          </div>
        )}
        {status === 'CLOSED' && conversation && (
          <RatingCard
            key={conversation.id}
            locale={locale}
            rating={conversation.rating}
            onRate={session.rate}
          />
        )}
      </MessageList>
      {closed ? (
        <div className="footer-action">
          <button
            type="button"
            className="primary"
            onClick={() => {
              session.newChat();
              setNewChat(true);
              setOffline(null);
            }}
          >
            {t(locale, 'newChat')}
          </button>
        </div>
      ) : askPreChat ? (
        <PreChatForm
          config={config}
          locale={locale}
          name={view.name}
          email={view.email}
          onSubmit={session.submitPreChat}
        />
      ) : (
        <Composer
          inputRef={inputRef}
          locale={locale}
          away={away ? { name: view.name, email: view.email } : null}
          onSend={onSend}
          onInput={(text) => session.typing(text)}
          onFiles={session.attach}
        />
      )}
      {dragging && (
        <div className="drop" aria-hidden="true">
          {t(locale, 'dropHere')}
        </div>
      )}
    </div>
  );
}
