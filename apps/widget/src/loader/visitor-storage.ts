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
