import { ClientMsgId, Id, MessageText, Timestamp } from '@livechat/protocol';
import { OUTBOX_MAX_CHARS } from '../bridge/bridge-messages';

/*
 * The outbox as it is kept across the pages of one tab: the visitor's messages the server has not
 * acknowledged, so a reload or a click to another page of the site does not lose what was written
 * offline. The loader keeps the string in the host page's sessionStorage (the panel's own storage is
 * third-party there: partitioned, and blocked outright where third-party cookies are) and hands it
 * back in `init`; resending uses the same clientMsgId, so a message that did reach the server before
 * the reload is answered with its stored ack instead of being stored twice.
 *
 * What comes back is outside input (the host page, an extension or another version of the panel may
 * have written it): every field is parsed with the protocol's schemas and anything else is dropped.
 */

/** One unsent message as saved. */
export interface SavedMessage {
  clientMsgId: string;
  text: string;
  createdAt: number;
  /** The open conversation it was written to; null when it may start (or reopen) one. */
  conversationId: string | null;
  /** The department chosen in the pre-chat form, for a message that may start a conversation. */
  departmentId?: string;
}

/** At most this many messages are kept (the oldest: the outbox sends in order). */
export const MAX_SAVED = 50;

/** The JSON the loader keeps, or null when there is nothing to keep (the loader then removes its entry). */
export function encodeOutbox(messages: readonly SavedMessage[]): string | null {
  const kept: SavedMessage[] = [];
  let chars = 2;
  for (const message of messages.slice(0, MAX_SAVED)) {
    chars += JSON.stringify(message).length + 1;
    if (chars > OUTBOX_MAX_CHARS) break;
    kept.push(message);
  }
  return kept.length ? JSON.stringify(kept) : null;
}

/** The saved messages that parse, in order, without repeats, at most MAX_SAVED. */
export function decodeOutbox(raw: string | null): SavedMessage[] {
  if (raw === null || raw.length > OUTBOX_MAX_CHARS) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const messages: SavedMessage[] = [];
  const items: unknown[] = value;
  for (const item of items) {
    const message = readMessage(item);
    if (message && !messages.some((m) => m.clientMsgId === message.clientMsgId)) messages.push(message);
    if (messages.length === MAX_SAVED) break;
  }
  return messages;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function readMessage(item: unknown): SavedMessage | null {
  if (!isRecord(item)) return null;
  const entry = item;
  const clientMsgId = ClientMsgId.safeParse(entry.clientMsgId);
  const text = MessageText.safeParse(entry.text);
  const createdAt = Timestamp.safeParse(entry.createdAt);
  const conversationId = entry.conversationId == null ? null : Id.safeParse(entry.conversationId);
  const departmentId = entry.departmentId === undefined ? null : Id.safeParse(entry.departmentId);
  if (!clientMsgId.success || !text.success || !createdAt.success) return null;
  if (conversationId?.success === false || departmentId?.success === false) return null;
  const message: SavedMessage = {
    clientMsgId: clientMsgId.data,
    text: text.data,
    createdAt: createdAt.data,
    conversationId: conversationId?.data ?? null,
  };
  if (departmentId?.data) message.departmentId = departmentId.data;
  return message;
}
