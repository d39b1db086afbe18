/*
 * The postMessage contract between the loader (widget.js, on the host page) and the panel (the iframe
 * served by the chat server). This is not the server wire (that lives in @livechat/protocol): it never
 * leaves the visitor's browser. Both sides pin the other's origin: the loader posts only to the server
 * origin and accepts only from its iframe's window; the panel accepts only from window.parent and
 * answers only to the origin its `init` came from.
 */

/** Marks our messages among whatever else a host page posts around. */
export const BRIDGE_TAG = 'livechat-widget';

/** Where the host page is; the panel forwards it in its `hello` so agents see the visitor's page. */
export interface PageContext {
  url: string;
  title: string;
  referrer: string;
}

/** The highest seq this visitor has read, kept by the loader in the host page's storage. */
export interface ReadCursor {
  conversationId: string;
  seq: number;
}

/**
 * The panel's unsent messages, as JSON it writes and parses itself (see panel/saved-outbox.ts). The
 * loader only keeps the string in the host page's sessionStorage, next to the token's rules: written
 * after the visitor interacted, removed by shutdown() and when another user's session replaces this
 * one. An anonymous visitor who identifies keeps it: the panel of the verified visitor resends it.
 * Longer strings are refused on both sides: the host page's storage quota is the site's, not ours.
 */
export const OUTBOX_MAX_CHARS = 100_000;

/** What identify() and setAttributes() gave the loader; the panel sends what the wire can carry. */
export interface VisitorProfileInput {
  userId?: string;
  name?: string;
  email?: string;
  hash?: string;
  attributes?: Record<string, string>;
}

/** The payload of the public `message` event. */
export interface WidgetMessageEvent {
  conversationId: string;
  seq: number;
  from: 'agent' | 'visitor';
  authorName: string | null;
  text: string;
  createdAt: number;
}

export type HostToPanel =
  | {
      tag: typeof BRIDGE_TAG;
      type: 'init';
      token: string;
      /** The WidgetConfig JSON as the server sent it; the panel parses it with the protocol schema. */
      config: unknown;
      /** setLocale() override, else null (the panel then picks from the browser and the config). */
      locale: string | null;
      open: boolean;
      read: ReadCursor | null;
      /** The outbox the panel saved on an earlier page of this tab, else null. */
      outbox: string | null;
      /** Start held (see `hold`): identify() is linking this visitor to a user right now. */
      hold: boolean;
      context: PageContext;
      profile: VisitorProfileInput;
    }
  /**
   * on: identify() is about to link this anonymous visitor to a user, which may move their
   * conversations to the verified visitor (server: store/visitor-merge.ts). The panel sends no message
   * until released, so nothing it sends lands after the move; it answers `held` once nothing is in
   * flight. Then either a new panel replaces it (with the outbox) or `on: false` releases it.
   */
  | { tag: typeof BRIDGE_TAG; type: 'hold'; on: boolean }
  | { tag: typeof BRIDGE_TAG; type: 'visibility'; open: boolean }
  | { tag: typeof BRIDGE_TAG; type: 'locale'; locale: string | null }
  | { tag: typeof BRIDGE_TAG; type: 'profile'; profile: VisitorProfileInput }
  /** A fresh visitor token after the panel reported `session-expired`. */
  | { tag: typeof BRIDGE_TAG; type: 'token'; token: string };

export type PanelToHost =
  | { tag: typeof BRIDGE_TAG; type: 'ready' }
  /** `label` is the localized "(2) New message" the loader blinks in the tab title. */
  | { tag: typeof BRIDGE_TAG; type: 'unread'; count: number; label: string }
  | { tag: typeof BRIDGE_TAG; type: 'open' }
  | { tag: typeof BRIDGE_TAG; type: 'close' }
  | { tag: typeof BRIDGE_TAG; type: 'read'; read: ReadCursor }
  | { tag: typeof BRIDGE_TAG; type: 'message'; message: WidgetMessageEvent }
  /** The unsent messages changed: keep them for the next page of this tab (null: nothing to keep). */
  | { tag: typeof BRIDGE_TAG; type: 'outbox'; outbox: string | null }
  /** Answer to `hold`: nothing is in flight any more, and the `outbox` posted before it is current. */
  | { tag: typeof BRIDGE_TAG; type: 'held' }
  /** The server refused the token: the loader asks for a session again and answers `token`. */
  | { tag: typeof BRIDGE_TAG; type: 'session-expired' };

export type Untagged<T> = T extends unknown ? Omit<T, 'tag'> : never;
