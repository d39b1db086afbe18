import {
  BRIDGE_TAG,
  type HostToPanel,
  type Untagged,
  type VisitorProfileInput,
  type WidgetMessageEvent,
} from '../bridge/bridge-messages';
import { readPanelMessage } from './bridge-reader';
import { findSetup } from './find-setup';
import { createTitleBlink } from './title-blink';
import {
  forgetVisitor,
  loadOutbox,
  loadVisitor,
  saveOutbox,
  saveVisitor,
  type StoredVisitor,
} from './visitor-storage';
import { fetchConfig, requestSession } from './widget-api';
import { createView, type WidgetView } from './widget-view';

export type LiveChatEvent = 'ready' | 'open' | 'close' | 'message' | 'unread';
type Listener = (payload?: number | WidgetMessageEvent) => void;

/** The one global the loader defines: `window.LiveChat`. */
export interface LiveChatApi {
  open: () => void;
  close: () => void;
  toggle: () => void;
  identify: (user: { userId?: string; name?: string; email?: string; hash?: string }) => void;
  setAttributes: (attributes: Record<string, string | number | boolean>) => void;
  setLocale: (locale: string | null) => void;
  /** Forgets this visitor on this browser: clears the stored token and removes the panel. */
  shutdown: () => void;
  on: (event: LiveChatEvent, listener: Listener) => void;
  off: (event: LiveChatEvent, listener: Listener) => void;
}

declare global {
  interface Window {
    LiveChat?: LiveChatApi;
  }
}

const warn = (message: string): void => console.warn(`[LiveChat] ${message}`);

/**
 * How long identify() waits for the panel's `held` before linking anyway: an ack normally comes back
 * in milliseconds, a silent dead socket only after the panel's pong timeout. A message still unacked
 * then goes on in the outbox: resent with its clientMsgId, it is still stored once when its
 * conversation moved to the user.
 */
export const HOLD_MS = 5000;

/**
 * Starts the widget on a host page. Until the visitor interacts it only reads: one GET for the config,
 * no cookie, no storage write. The first open() asks for a visitor session, stores its token and
 * loads the panel iframe; the token reaches the panel only by postMessage pinned to the server origin.
 */
export function startLoader(win: Window, fetchFn: typeof fetch = (...args) => win.fetch(...args)): void {
  const doc = win.document;
  if (win.LiveChat) return warn('widget.js is included twice; the second copy does nothing.');
  const setup = findSetup(doc);
  if (!setup) return warn('no <script src=".../widget.js" data-site-key="..."> found.');
  const { server, siteKey } = setup;
  const storage = win.localStorage;
  const small = (): boolean => win.matchMedia?.('(max-width: 480px)').matches ?? false;

  const listeners = new Map<LiveChatEvent, Set<Listener>>();
  const blink = createTitleBlink(doc);
  let visitor: StoredVisitor | null = loadVisitor(storage, siteKey);
  let config: unknown = null;
  let view: WidgetView | null = null;
  let isOpen = false;
  let frameReady = false;
  let ready = false;
  let wantOpen = false;
  let locale: string | null = null;
  let profile: VisitorProfileInput = {};
  let unread = 0;
  let session: Promise<string | null> | null = null;
  /** The panel's unsent messages as last handed over (also in sessionStorage, when that works). */
  let outbox = loadOutbox(win, siteKey);
  /** A linking session request is under way: the panel must not send (see `hold` in bridge-messages). */
  let holding = false;
  let onHeld: (() => void) | null = null;
  /** shutdown() counts up: a session answer that arrives after it belongs to nobody. */
  let generation = 0;

  const emit = (event: LiveChatEvent, payload?: number | WidgetMessageEvent): void => {
    listeners.get(event)?.forEach((listener) => {
      try {
        listener(payload);
      } catch (error) {
        console.error(error);
      }
    });
  };
  const persist = (): void => {
    if (visitor) saveVisitor(storage, siteKey, visitor);
  };
  const post = (message: Untagged<HostToPanel>): void => {
    if (frameReady) view?.frame?.contentWindow?.postMessage({ ...message, tag: BRIDGE_TAG }, server);
  };
  const keepOutbox = (value: string | null): void => {
    outbox = value;
    saveOutbox(win, siteKey, value);
  };
  /** Holds the panel (a panel that has not started yet gets `hold` in its init) and waits for `held`. */
  const holdPanel = (): Promise<void> => {
    holding = true;
    if (!frameReady) return Promise.resolve();
    return new Promise((resolve) => {
      onHeld = resolve;
      setTimeout(resolve, HOLD_MS);
      post({ type: 'hold', on: true });
    });
  };
  const setUnread = (count: number, label: string): void => {
    view?.setBadge(isOpen ? 0 : count);
    blink.set(count, label);
    if (count !== unread) emit('unread', (unread = count));
  };

  /** identify() named a user other than the one this token was obtained for (or the visitor was anonymous). */
  const identityChanged = (): boolean => profile.userId !== undefined && profile.userId !== visitor?.uid;

  /**
   * The token, asking the server for one on the first interaction, when the panel's was refused, or
   * when identify() names another user. An anonymous visitor who identifies keeps their token (the
   * server may link it); a token obtained for another user is never sent along with a new identity.
   *
   * Linking may move the anonymous visitor's conversations to the user. So the panel is held first
   * (it sends nothing more and waits for its acks), and its unsent messages go to the user's panel,
   * which resends them with the same clientMsgIds: a message that reached the server before the move
   * moved with its conversation, and its resend is answered as a duplicate there.
   */
  const ensureToken = (renew = false): Promise<string | null> => {
    if (visitor && !renew && !identityChanged()) return Promise.resolve(visitor.token);
    const previous = visitor;
    const userId = profile.userId;
    const identity = userId
      ? {
          userId: userId.slice(0, 200),
          hash: profile.hash?.slice(0, 128),
          name: profile.name?.slice(0, 80),
          email: profile.email?.slice(0, 254),
        }
      : undefined;
    const carry = previous && (previous.uid === undefined || previous.uid === userId) ? previous.token : null;
    const link = carry !== null && identity !== undefined;
    session ??= (async () => {
      const run = generation;
      if (link) await holdPanel();
      const result =
        run === generation ? await requestSession(server, siteKey, carry, identity, fetchFn) : null;
      if (run !== generation || !result) return null;
      session = null;
      holding = false;
      onHeld = null;
      if (!result.ok) {
        warn(
          result.status === 403
            ? `this page's origin (${win.location.origin}) is not allowed for site ${siteKey}; add it to the site's allowed origins in the console. (${result.message})`
            : `could not start a chat session: ${result.message}`,
        );
        // Still this visitor: the panel goes on sending as before (the link is tried again later).
        if (link) post({ type: 'hold', on: false });
        return null;
      }
      if (userId && identity?.hash && !result.verified)
        warn(`identify(): the hash for user ${userId} was refused.`);
      const same = visitor?.token === result.token;
      visitor = {
        token: result.token,
        open: visitor?.open ?? false,
        read: same ? (visitor?.read ?? null) : null,
      };
      if (userId) visitor.uid = userId;
      persist();
      if (!same && !renew) {
        // Unsent messages go with the person who wrote them: to the user this anonymous visitor just
        // identified as (`carry`), never to another user who logged in on this browser. (A renewed
        // session keeps them too: the same panel goes on sending them with the new token.)
        if (!carry) keepOutbox(null);
        // Another visitor now: the panel starts over with that visitor's conversation (and the outbox).
        if (view?.frame) {
          view.removeFrame();
          frameReady = false;
          mountFrame();
        }
      } else if (link) post({ type: 'hold', on: false });
      return result.token;
    })();
    return session;
  };
  /** identify() named a user this visitor's token is not for: link (or switch) now if a chat is going. */
  const relink = (): void => {
    if (ready && visitor && identityChanged()) void ensureToken();
  };

  const mountFrame = (): void => {
    if (view && !view.frame) {
      frameReady = false;
      view.mountFrame(`${server}/widget/index.html?siteKey=${encodeURIComponent(siteKey)}`);
    }
  };

  const show = (open: boolean): void => {
    if (!view || (open && !visitor)) return;
    if (open) mountFrame();
    const changed = open !== isOpen;
    isOpen = open;
    view.setOpen(open);
    view.setBadge(open ? 0 : unread);
    if (visitor && visitor.open !== open) {
      visitor.open = open;
      persist();
    }
    post({ type: 'visibility', open });
    followViewport(open);
    if (open) view.frame?.focus();
    else if (doc.activeElement === view.host) view.launcher.focus();
    if (changed) emit(open ? 'open' : 'close');
  };

  /**
   * Full screen on phones: the panel follows the visual viewport, so the on-screen keyboard shrinks
   * it instead of covering the composer (iOS does not resize the layout viewport for the keyboard).
   */
  const vv = win.visualViewport;
  const fitViewport = (): void => {
    if (!view || !vv) return;
    const fit = isOpen && small();
    view.panel.style.height = fit ? `${vv.height}px` : '';
    view.panel.style.top = fit ? `${vv.offsetTop}px` : '';
  };
  const followViewport = (on: boolean): void => {
    vv?.[on ? 'addEventListener' : 'removeEventListener']('resize', fitViewport);
    vv?.[on ? 'addEventListener' : 'removeEventListener']('scroll', fitViewport);
    fitViewport();
  };

  const sendInit = (): void => {
    if (!visitor || config === null) return;
    post({
      type: 'init',
      token: visitor.token,
      config,
      locale,
      open: isOpen,
      read: visitor.read,
      outbox,
      hold: holding,
      context: { url: win.location.href, title: blink.title(), referrer: doc.referrer },
      profile,
    });
  };

  win.addEventListener('message', (event) => {
    const frame = view?.frame;
    if (!frame?.contentWindow || event.source !== frame.contentWindow || event.origin !== server) return;
    const message = readPanelMessage(event.data);
    switch (message?.type) {
      case 'ready':
        frameReady = true;
        return sendInit();
      case 'unread':
        return setUnread(message.count, message.label);
      case 'open':
        return api.open();
      case 'close':
        return api.close();
      case 'read':
        if (visitor) {
          visitor.read = message.read;
          persist();
        }
        return;
      case 'message':
        return emit('message', message.message);
      case 'outbox':
        if (visitor) keepOutbox(message.outbox);
        return;
      case 'held':
        onHeld?.();
        return;
      case 'session-expired':
        void ensureToken(true).then((token) => (token ? post({ type: 'token', token }) : show(false)));
        return;
      case undefined:
        return;
    }
  });

  const api: LiveChatApi = {
    open() {
      if (!ready) {
        wantOpen = true;
        return;
      }
      void ensureToken().then((token) => token && show(true));
    },
    close() {
      wantOpen = false;
      show(false);
    },
    toggle() {
      if (isOpen) api.close();
      else api.open();
    },
    identify(user) {
      const next: VisitorProfileInput = {};
      for (const key of ['userId', 'name', 'email', 'hash'] as const) {
        const value: unknown = user?.[key];
        if (typeof value === 'string' || typeof value === 'number') next[key] = String(value);
      }
      profile = { ...profile, ...next };
      post({ type: 'profile', profile });
      // A conversation is going on this browser: make sure it belongs to this user.
      relink();
    },
    setAttributes(attributes) {
      const next: Record<string, string> = { ...profile.attributes };
      for (const [key, value] of Object.entries(attributes ?? {})) {
        if (['string', 'number', 'boolean'].includes(typeof value)) next[key] = String(value);
      }
      profile = { ...profile, attributes: next };
      post({ type: 'profile', profile });
    },
    setLocale(value) {
      locale = typeof value === 'string' && value ? value : null;
      post({ type: 'locale', locale });
    },
    shutdown() {
      show(false);
      forgetVisitor(storage, siteKey);
      keepOutbox(null);
      // A session request under way (identify()) must not store its answer after this.
      generation++;
      session = null;
      holding = false;
      onHeld?.();
      onHeld = null;
      visitor = null;
      profile = {};
      view?.removeFrame();
      frameReady = false;
      setUnread(0, '');
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(listener);
      if (event === 'ready' && ready) listener();
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener);
    },
  };
  win.LiveChat = api;
  // identify() could not link while the network was down: try again when it is back (the panel is
  // held first as always, so what it resends on reconnecting is settled before the link).
  win.addEventListener('online', relink);

  void fetchConfig(server, siteKey, fetchFn).then((result) => {
    if (!result.ok) return warn(`could not load the widget settings: ${result.message}`);
    config = result.config;
    view = createView(doc, result.look, () => api.toggle());
    // A conversation is going (the entry exists): load the panel now, hidden or as it was, so replies
    // arrive and the badge counts them. Phones start closed: a full-screen panel on every page is rude.
    if (visitor) {
      const wasOpen = visitor.open;
      void ensureToken().then((token) => {
        if (!token) return;
        mountFrame();
        if (wasOpen && !small()) show(true);
      });
    }
    ready = true;
    emit('ready');
    if (wantOpen) api.open();
  });
}
