import {
  AttachmentUploadResponse,
  LIMITS,
  OfflineMessageResponse,
  WidgetConfig as WidgetConfigSchema,
  type ChatMessage,
  type OfflineMessageBody,
  type VisitorContext,
  type WidgetConfig,
} from '@livechat/protocol';
import type { HostToPanel, PageContext, VisitorProfileInput } from '../bridge/bridge-messages';
import { createConversationStore, newClientMsgId, unreadCount } from './conversation-store';
import { decodeOutbox, encodeOutbox } from './saved-outbox';
import { chime, loadSoundSetting, saveSoundSetting } from './sound';
import { postToHost } from './host-bridge';
import { resolveLocale, t, type Locale } from './i18n';
import { createTypingSender } from './typing-sender';
import { createVisitorSocket } from './visitor-socket';

/** What the panel shows besides the conversation: whether it is open, the language, the site. */
export interface PanelView {
  open: boolean;
  locale: Locale;
  config: WidgetConfig;
  /** Sound for new replies while the panel is closed or the tab hidden. */
  sound: boolean;
  /** The pre-chat form was filled in (or is not needed) for the next conversation. */
  preChatDone: boolean;
  /** The department the visitor chose in the pre-chat form, else the site's default. */
  departmentId: string | null;
  /** The name and email the visitor gave (pre-chat form, offline form, identify()). */
  name: string;
  email: string;
}

/** What the panel can say about an upload or an offline message that failed. */
export type RequestError = 'tooLarge' | 'fileType' | 'quota' | 'network' | 'refused' | 'invalid';

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
  let token = init.token;
  /** The outbox as the host page holds it now (what init brought, then what we last posted). */
  let outboxKept = init.outbox;
  /** The loader asked to `hold` and waits for `held`. */
  let holdAsked = false;
  const restored = decodeOutbox(init.outbox);
  let view: PanelView = {
    open: init.open,
    config,
    locale: pickLocale(),
    sound: loadSoundSetting(),
    // Messages restored from an earlier page were written after the pre-chat form: not asked twice.
    preChatDone: !config.preChat.enabled || restored.length > 0,
    departmentId: restored.find((m) => m.departmentId)?.departmentId ?? config.defaultDepartmentId,
    name: init.profile.name ?? '',
    email: init.profile.email ?? '',
  };
  const files = new Map<string, File>();
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
    if (message.authorKind === 'AGENT' && view.sound && (!view.open || document.hidden)) chime();
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
    const name = (profile.name ?? view.name).slice(0, LIMITS.name) || undefined;
    const email = (profile.email ?? view.email).slice(0, LIMITS.email) || undefined;
    const attributes = limitAttributes(profile.attributes);
    const key = JSON.stringify([name, email, attributes]);
    if (key === profileSent || (!name && !email && !attributes)) return;
    if (socket.send({ type: 'profile.update', name, email, attributes })) profileSent = key;
  }

  /**
   * Who is online changes while a page stays open: with no conversation going, the config (and with it
   * the away state) is fetched again whenever the visitor opens the panel.
   */
  async function refreshConfig(): Promise<void> {
    const conversation = store.getState().conversation;
    if (conversation && conversation.status !== 'CLOSED') return;
    try {
      const res = await fetch(`/api/widget/config?siteKey=${encodeURIComponent(config.siteKey)}`, {
        credentials: 'omit',
      });
      const parsed = WidgetConfigSchema.safeParse(await res.json());
      if (res.ok && parsed.success) setView({ config: parsed.data });
    } catch {
      // keep the config we have
    }
  }

  /** POST with the visitor token, same-origin (the panel is served by the chat server). */
  async function post(path: string, init: RequestInit): Promise<Response> {
    return fetch(path, { ...init, credentials: 'omit' });
  }

  async function upload(file: File, clientMsgId: string): Promise<void> {
    files.set(clientMsgId, file);
    store.uploadStarted({ clientMsgId, name: file.name, size: file.size });
    if (file.size > LIMITS.attachmentBytes) return store.uploadFailed(clientMsgId, 'tooLarge');
    try {
      // A file may start the conversation: then it goes to the department the visitor chose.
      const conversation = store.getState().conversation;
      const starts = !conversation || conversation.status === 'CLOSED';
      const query =
        starts && view.departmentId ? `?departmentId=${encodeURIComponent(view.departmentId)}` : '';
      const res = await post(`/api/widget/attachments${query}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': file.type || 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name.slice(0, 200)),
          'x-client-msg-id': clientMsgId,
        },
        body: file,
      });
      const parsed = AttachmentUploadResponse.safeParse(await res.json().catch(() => null));
      if (!res.ok || !parsed.success) {
        return store.uploadFailed(
          clientMsgId,
          ({ 413: 'tooLarge', 415: 'fileType', 429: 'quota' } as const)[res.status] ?? 'refused',
        );
      }
      files.delete(clientMsgId);
      store.uploadDone(parsed.data);
    } catch {
      store.uploadFailed(clientMsgId, 'network');
    }
  }

  /** Hands the unsent messages to the loader whenever they change, for the next page of this tab. */
  function keepOutbox(): void {
    const next = encodeOutbox(store.unsent());
    if (next === outboxKept) return;
    outboxKept = next;
    postToHost({ type: 'outbox', outbox: next });
  }

  /**
   * Answers the loader's `hold` once nothing is in flight: every message the server will store for
   * this visitor is then stored (and moves with their conversations), and the outbox the loader holds
   * is what is left to send. A dead socket counts as settled: its unacked messages are back in the
   * queue, and their clientMsgId makes the resend under the new token harmless. (The loader does not
   * wait for ever: see HOLD_MS in loader.ts.)
   */
  function answerHold(): void {
    const { outgoing, uploads } = store.getState();
    if (!holdAsked || outgoing.some((o) => o.status === 'sending')) return;
    if (uploads.some((u) => u.status === 'uploading')) return;
    holdAsked = false;
    keepOutbox();
    postToHost({ type: 'held' });
  }

  store.subscribe(() => {
    syncRead();
    keepOutbox();
    answerHold();
    if (store.getState().connection === 'online') syncProfile();
  });
  store.setSavedRead(init.read);
  // Before the restore: a panel that starts during identify() must not send the restored messages
  // with the anonymous token the loader is replacing.
  if (init.hold) store.hold(true);
  store.restore(restored);
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
      store.sendText(text, view.departmentId ?? undefined);
    },
    /** Attachments: the button, a paste or a drop. */
    attach: (list: Iterable<File>): void => {
      for (const file of list) void upload(file, newClientMsgId());
    },
    retryUpload: (clientMsgId: string): void => {
      const file = files.get(clientMsgId);
      if (file) void upload(file, clientMsgId);
      else store.dismissUpload(clientMsgId);
    },
    dismissUpload: (clientMsgId: string): void => {
      files.delete(clientMsgId);
      store.dismissUpload(clientMsgId);
    },
    /** The pre-chat form: name, email, department; then the visitor writes. */
    submitPreChat: (input: { name: string; email: string; departmentId: string | null }): void => {
      setView({
        preChatDone: true,
        name: input.name,
        email: input.email,
        departmentId: input.departmentId ?? view.departmentId,
      });
      syncProfile();
    },
    /** After a close, the pre-chat form (when enabled) comes back for the next conversation. */
    newChat: (): void => {
      setView({ preChatDone: !config.preChat.enabled || Boolean(view.name || view.email) });
    },
    /**
     * The leave-a-message form (no agent online): POST /api/widget/offline. The message becomes a
     * conversation agents find in their queue; the panel follows it like any other.
     */
    leaveMessage: async (input: {
      name: string;
      email: string;
      text: string;
    }): Promise<RequestError | null> => {
      typing.stop();
      const body: OfflineMessageBody = {
        siteKey: config.siteKey,
        token,
        email: input.email,
        text: input.text,
        clientMsgId: newClientMsgId(),
      };
      if (input.name) body.name = input.name;
      if (view.departmentId) body.departmentId = view.departmentId;
      setView({ name: input.name, email: input.email });
      try {
        const res = await post('/api/widget/offline', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const parsed = OfflineMessageResponse.safeParse(await res.json().catch(() => null));
        if (!res.ok || !parsed.success) return res.status === 400 ? 'invalid' : 'refused';
        store.follow(parsed.data.conversationId);
        syncProfile();
        return null;
      } catch {
        return 'network';
      }
    },
    rate: (rating: number, comment: string): boolean => store.rate(rating, comment),
    setSound: (on: boolean): void => {
      saveSoundSetting(on);
      setView({ sound: on });
      if (on) chime();
    },
    typing: (text: string): void => typing.input(text),
    close: (): void => postToHost({ type: 'close' }),
    /** Messages from the loader after init. */
    fromHost(message: HostToPanel): void {
      switch (message.type) {
        case 'visibility':
          if (message.open && !view.open) void refreshConfig();
          setView({ open: message.open });
          return syncRead();
        case 'locale':
          pageLocaleOverride = message.locale;
          return setView({ locale: pickLocale() });
        case 'profile':
          profile = message.profile;
          return syncProfile();
        case 'token':
          token = message.token;
          return socket.setToken(message.token);
        case 'hold':
          holdAsked = message.on;
          store.hold(message.on);
          return answerHold();
        case 'init':
          return; // a second init would be a confused host; the first one stands
      }
    },
  };
}

export type PanelSession = ReturnType<typeof startPanelSession>;

/** setAttributes() values, cut to what the wire accepts. */
function limitAttributes(input: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!input) return undefined;
  const entries = Object.entries(input)
    .filter(([key]) => key.length > 0)
    .slice(0, LIMITS.attributeKeys)
    .map(([key, value]): [string, string] => [
      key.slice(0, LIMITS.attributeKey),
      value.slice(0, LIMITS.attributeValue),
    ]);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function visitorContext(page: PageContext): VisitorContext {
  return {
    url: page.url.slice(0, LIMITS.url),
    title: page.title.slice(0, 300),
    referrer: page.referrer.slice(0, LIMITS.url),
    locale: navigator.language.slice(0, 35),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone.slice(0, 64),
  };
}
