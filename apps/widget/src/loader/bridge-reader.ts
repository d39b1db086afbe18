import { BRIDGE_TAG, OUTBOX_MAX_CHARS, type PanelToHost } from '../bridge/bridge-messages';
import { isRecord, readCursor } from './visitor-storage';

/** Checks a message from the panel frame (already matched by source window and origin). */
export function readPanelMessage(data: unknown): PanelToHost | null {
  if (!isRecord(data) || data.tag !== BRIDGE_TAG) return null;
  const tag = BRIDGE_TAG;
  switch (data.type) {
    case 'ready':
    case 'open':
    case 'close':
    case 'session-expired':
    case 'held':
      return { tag, type: data.type };
    case 'unread':
      return typeof data.count === 'number' && typeof data.label === 'string'
        ? { tag, type: 'unread', count: data.count, label: data.label }
        : null;
    case 'outbox': {
      const { outbox } = data;
      if (outbox === null || (typeof outbox === 'string' && outbox.length <= OUTBOX_MAX_CHARS))
        return { tag, type: 'outbox', outbox };
      return null;
    }
    case 'read': {
      const read = readCursor(data.read);
      return read ? { tag, type: 'read', read } : null;
    }
    case 'message': {
      const m = data.message;
      if (
        isRecord(m) &&
        typeof m.conversationId === 'string' &&
        typeof m.seq === 'number' &&
        (m.from === 'agent' || m.from === 'visitor') &&
        (m.authorName === null || typeof m.authorName === 'string') &&
        typeof m.text === 'string' &&
        typeof m.createdAt === 'number'
      ) {
        const { conversationId, seq, from, authorName, text, createdAt } = m;
        return { tag, type: 'message', message: { conversationId, seq, from, authorName, text, createdAt } };
      }
    }
  }
  return null;
}
