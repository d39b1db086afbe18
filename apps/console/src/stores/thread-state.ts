import type { ChatMessage, ErrorCode, HistoryPageFrame, ReplayPageFrame } from '@livechat/protocol';

/** A message this console sent and the server has not acked yet (or refused). Keyed by clientMsgId. */
export interface PendingMessage {
  clientMsgId: string;
  conversationId: string;
  text: string;
  note: boolean;
  createdAt: number;
  status: 'sending' | 'failed';
  errorCode: ErrorCode | null;
}

/** What the console holds of one conversation's message stream (DESIGN.md, delivery semantics 3). */
export interface ThreadState {
  /** Messages held, ascending by seq, at most one per seq. May run past `contiguousSeq` while a gap is open. */
  messages: ChatMessage[];
  /** Highest seq up to which the held stream has no gap; replays ask from here. */
  contiguousSeq: number;
  /** A watch or replay is in flight: gaps are expected to fill, so no second request is sent. */
  replaying: boolean;
  /**
   * The replay in flight answers a `conversation.watch`: the server streams every page of it by
   * itself, so the client must not ask for the next page (it would get each page twice). Pages
   * answering the client's own `replay` are asked for one by one while `hasMore`.
   */
  serverPaging: boolean;
  /** Whether older messages exist before the first held one (scroll-back with `history`). */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Set once the first watch answered, so the pane can tell "loading" from "empty". */
  loaded: boolean;
  /** The visitor's read cursor as far as this thread has heard (`read` frames). */
  visitorReadSeq: number;
  pending: PendingMessage[];
}

export const emptyThread = (): ThreadState => ({
  messages: [],
  contiguousSeq: 0,
  replaying: false,
  serverPaging: false,
  hasOlder: false,
  loadingOlder: false,
  loaded: false,
  visitorReadSeq: 0,
  pending: [],
});

/** Moves the contiguous cursor forward over held messages whose predecessor is already held. */
function advanceContiguous(messages: ChatMessage[], from: number): number {
  let contiguous = from;
  for (const message of messages) {
    if (message.seq <= contiguous) continue;
    if (message.prevSeq > contiguous) break;
    contiguous = message.seq;
  }
  return contiguous;
}

/**
 * Adds messages to a thread, dropping ones it holds already (by seq) and ones older than its
 * contiguous cursor that scrolled out of the window (history brings those back on demand).
 */
export function insertMessages(thread: ThreadState, incoming: readonly ChatMessage[]): ThreadState {
  const held = new Set(thread.messages.map((m) => m.seq));
  const fresh = incoming.filter((m) => {
    if (m.seq <= thread.contiguousSeq || held.has(m.seq)) return false;
    held.add(m.seq);
    return true;
  });
  if (fresh.length === 0) return thread;
  const messages = [...thread.messages, ...fresh].sort((a, b) => a.seq - b.seq);
  return { ...thread, messages, contiguousSeq: advanceContiguous(messages, thread.contiguousSeq) };
}

/** True when the thread holds a message past a hole: it must ask for a replay from `contiguousSeq`. */
export const hasGap = (thread: ThreadState): boolean =>
  thread.messages.some((m) => m.seq > thread.contiguousSeq);

/**
 * Applies one replay page. `reset` means the server jumped to the latest page: what was shown is
 * replaced (only messages newer than the page survive, they arrived live and are still valid).
 */
export function applyReplayPage(thread: ThreadState, page: ReplayPageFrame): ThreadState {
  if (!page.reset) {
    return { ...insertMessages(thread, page.messages), replaying: page.hasMore, loaded: true };
  }
  const pageMessages = [...page.messages].sort((a, b) => a.seq - b.seq);
  const first = pageMessages[0];
  const last = pageMessages[pageMessages.length - 1];
  const newest = Math.max(page.latestSeq, last?.seq ?? 0);
  const newerLive = thread.messages.filter((m) => m.seq > newest);
  const messages = [...pageMessages, ...newerLive];
  const base = first ? first.prevSeq : page.latestSeq;
  return {
    ...thread,
    messages,
    contiguousSeq: advanceContiguous(messages, base),
    hasOlder: first ? first.prevSeq > 0 : false,
    loadingOlder: false,
    replaying: page.hasMore,
    loaded: true,
  };
}

/** Prepends an older page (scroll-back). It never moves the contiguous cursor. */
export function applyHistoryPage(thread: ThreadState, page: HistoryPageFrame): ThreadState {
  const held = new Set(thread.messages.map((m) => m.seq));
  const older = page.messages.filter((m) => !held.has(m.seq));
  const messages = [...older, ...thread.messages].sort((a, b) => a.seq - b.seq);
  return { ...thread, messages, hasOlder: page.hasMore, loadingOlder: false };
}
