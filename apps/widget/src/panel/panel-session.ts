import { LIMITS, type ChatMessage, type VisitorContext, type WidgetConfig } from '@livechat/protocol';
import type { HostToPanel, PageContext, VisitorProfileInput } from '../bridge/bridge-messages';
import { createConversationStore, unreadCount } from './conversation-store';
import { postToHost } from './host-bridge';
import { resolveLocale, t, type Locale } from './i18n';
import { createTypingSender } from './typing-sender';
import { createVisitorSocket } from './visitor-socket';

/** What the panel shows besides the conversation: whether it is open, the language, the site. */
export interface PanelView {
  open: boolean;
  locale: Locale;
  config: WidgetConfig;
}

type InitMessage = Extract<HostToPanel, { type: 'init' }>;

/**
 * Wires one visitor session: the conversation store, its socket, and the host page. Reads happen
 * only while the panel is open and the tab visible; unread counts and new messages go to the loader.
 */
export function startPanelSession(init: InitMessage, config: WidgetConfig) {
  let pageLocaleOverride = init.locale;
  let profile: VisitorProfileInput = init.profile;
  let profileSent = '';
  let lastUnread = -1;
  let view: PanelView = { open: init.open, config, locale: pickLocale() };
  const viewListeners = new Set<() => void>();

  function pickLocale(): Locale {
    return resolveLocale(pageLocaleOverride, navigator.languages ?? [navigator.language], config.locale);
  }
  const setView = (next: Partial<PanelView>): void => {
    view = { ...view, ...next };
    viewListeners.forEach((listener) => listener());
  };

  const store = createConversationStore({
    send: (frame) => socket.send(frame),
    announce: (message) => announce(message),
  });
  const socket = createVisitorSocket({
    url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws/visitor`,
    token: init.token,
    store: () => store,
    context: () => visitorContext(init.context),
    onReload: () => location.reload(),
    onAuthFailed: () => postToHost({ type: 'session-expired' }),
  });
  const typing = createTypingSender((frame) => socket.send(frame));

  function announce(message: ChatMessage): void {
    if (message.kind === 'EVENT' || message.kind === 'NOTE') return;
    postToHost({
      type: 'message',
      message: {
        conversationId: message.conversationId,
        seq: message.seq,
        from: message.authorKind === 'VISITOR' ? 'visitor' : 'agent',
        authorName: message.authorName,
        text: message.text,
        createdAt: message.createdAt,
      },
    });
  }

  /** The visitor sees the panel: move the read cursor, and keep it in the host page for next time. */
  function syncRead(): void {
    if (view.open && document.visibilityState === 'visible') {
      const cursor = store.markRead();
      if (cursor) postToHost({ type: 'read', read: cursor });
    }
    const unread = unreadCount(store.getState());
    if (unread !== lastUnread) {
      lastUnread = unread;
      postToHost({ type: 'unread', count: unread, label: t(view.locale, 'newMessages', { n: unread }) });
    }
  }

  /** identify() names and emails go to the server once connected (userId/hash: see the README). */
  function syncProfile(): void {
    const update = {
      name: profile.name?.slice(0, LIMITS.name),
      email: profile.email?.slice(0, LIMITS.email),
    };
    const key = JSON.stringify(update);
    if (key === profileSent || (!update.name && !update.email)) return;
    if (socket.send({ type: 'profile.update', ...update })) profileSent = key;
  }

  store.subscribe(() => {
    syncRead();
    if (store.getState().connection === 'online') syncProfile();
  });
  store.setSavedRead(init.read);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') socket.wake();
    syncRead();
  });
  window.addEventListener('online', () => socket.wake());
  socket.start();

  return {
    store,
    getView: (): PanelView => view,
    subscribeView: (listener: () => void): (() => void) => {
      viewListeners.add(listener);
      return () => viewListeners.delete(listener);
    },
    send(text: string): void {
      typing.stop();
      store.sendText(text);
    },
    typing: (text: string): void => typing.input(text),
    close: (): void => postToHost({ type: 'close' }),
    /** Messages from the loader after init. */
    fromHost(message: HostToPanel): void {
      switch (message.type) {
        case 'visibility':
          setView({ open: message.open });
          return syncRead();
        case 'locale':
          pageLocaleOverride = message.locale;
          return setView({ locale: pickLocale() });
        case 'profile':
          profile = message.profile;
          return syncProfile();
        case 'token':
          return socket.setToken(message.token);
        case 'init':
          return; // a second init would be a confused host; the first one stands
      }
    },
  };
}

export type PanelSession = ReturnType<typeof startPanelSession>;

function visitorContext(page: PageContext): VisitorContext {
  return {
    url: page.url.slice(0, LIMITS.url),
    title: page.title.slice(0, 300),
    referrer: page.referrer.slice(0, LIMITS.url),
    locale: navigator.language.slice(0, 35),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone.slice(0, 64),
  };
}
