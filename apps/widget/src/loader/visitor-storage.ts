import type { ReadCursor } from '../bridge/bridge-messages';

/**
 * The one storage entry of the widget, `livechat:<siteKey>` in the host page's localStorage. It is
 * written only after the visitor first interacts (nothing is stored for people who never open the
 * chat), and its presence tells a later page load that a conversation is going.
 */
export interface StoredVisitor {
  token: string;
  /** Whether the panel was open, so the next page shows it as it was. */
  open: boolean;
  /** The highest seq the visitor has read, so a reload does not count old messages as unread. */
  read: ReadCursor | null;
  /** The userId identify() gave when this token was obtained: another user on this browser gets another session. */
  uid?: string;
}

export const storageKey = (siteKey: string): string => `livechat:${siteKey}`;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function readCursor(value: unknown): ReadCursor | null {
  return isRecord(value) && typeof value.conversationId === 'string' && typeof value.seq === 'number'
    ? { conversationId: value.conversationId, seq: value.seq }
    : null;
}

// Storage can throw (blocked by the browser, quota, sandboxing): the widget then works for this page only.
export function loadVisitor(storage: Storage, siteKey: string): StoredVisitor | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(storageKey(siteKey)) ?? 'null');
    if (isRecord(value) && typeof value.token === 'string') {
      const visitor: StoredVisitor = {
        token: value.token,
        open: value.open === true,
        read: readCursor(value.read),
      };
      if (typeof value.uid === 'string') visitor.uid = value.uid;
      return visitor;
    }
  } catch {
    // unreadable entry: treated as no visitor
  }
  return null;
}

export function saveVisitor(storage: Storage, siteKey: string, visitor: StoredVisitor): void {
  try {
    storage.setItem(storageKey(siteKey), JSON.stringify(visitor));
  } catch {
    // see loadVisitor
  }
}

export function forgetVisitor(storage: Storage, siteKey: string): void {
  try {
    storage.removeItem(storageKey(siteKey));
  } catch {
    // see loadVisitor
  }
}

/**
 * The panel's unsent messages, `livechat:<siteKey>:outbox` in the host page's sessionStorage: per tab,
 * so they survive a reload or the next page of the site but not the tab, and two tabs never resend
 * each other's. The loader keeps the string as the panel wrote it; the panel parses it.
 */
const outboxKey = (siteKey: string): string => `${storageKey(siteKey)}:outbox`;

export function loadOutbox(win: Window, siteKey: string): string | null {
  try {
    return win.sessionStorage.getItem(outboxKey(siteKey));
  } catch {
    return null; // see loadVisitor
  }
}

/** Writes the outbox, or removes it for null. */
export function saveOutbox(win: Window, siteKey: string, outbox: string | null): void {
  try {
    if (outbox === null) win.sessionStorage.removeItem(outboxKey(siteKey));
    else win.sessionStorage.setItem(outboxKey(siteKey), outbox);
  } catch {
    // see loadVisitor: the outbox then lasts as long as the panel
  }
}
