import {
  LIMITS,
  type AckFrame,
  type AgentReadToVisitor,
  type AgentTypingToVisitor,
  type ChatMessage,
  type ErrorFrame,
  type HistoryPageFrame,
  type MessageFrame,
  type ReplayPageFrame,
  type VisitorClientFrame,
  type VisitorConversation,
  type VisitorConversationState,
  type VisitorWelcome,
} from '@livechat/protocol';
import type { ReadCursor } from '../bridge/bridge-messages';
import type { SavedMessage } from './saved-outbox';

/*
 * What the panel knows about the visitor's conversation, and the delivery rules of DESIGN.md
 * ("Delivery semantics") that keep it right over a flaky network. No UI here: components read
 * snapshots, the socket client feeds frames in, and frames to send go out through `send`.
 *
 * - Messages are kept by seq; a seq already held is dropped. `contiguousSeq` is the highest seq
 *   up to which nothing is missing; a message whose prevSeq is beyond it reveals a gap and asks for
 *   `replay` from there, page after page while `hasMore`.
 * - What the visitor writes is pending by clientMsgId: queued (written while down), sending, then
 *   on `ack` it becomes a message at its seq (sent; seen once an agent's read cursor reaches it).
 *   The outbox resends unacked messages in order with the same clientMsgId, once per connection.
 *   It outlives the page: `unsent()` is what to keep for the next page of the tab, `restore()` puts it
 *   back (see saved-outbox.ts); a message that failed for good is shown but no longer kept.
 */

export type OutgoingStatus = 'queued' | 'sending' | 'failed';

/** A visitor message the server has not acknowledged yet. */
export interface Outgoing {
  clientMsgId: string;
  text: string;
  status: OutgoingStatus;
  createdAt: number;
  error: string | null;
}

export type Connection = 'connecting' | 'online' | 'offline';

/** A file the visitor is uploading (POST /api/widget/attachments); it becomes a FILE message in the stream. */
export interface Upload {
  clientMsgId: string;
  name: string;
  size: number;
  status: 'uploading' | 'failed';
  error: string | null;
}

export interface ConversationState {
  connection: Connection;
  conversationId: string | null;
  conversation: VisitorConversation | null;
  /** The current conversation's messages, by seq (the visitor's own appear here once acked). */
  messages: ChatMessage[];
  /** Messages of conversations that ended while this panel was open, shown above. */
  earlier: ChatMessage[];
  outgoing: Outgoing[];
  uploads: Upload[];
  contiguousSeq: number;
  agentReadSeq: number;
  /** The visitor's own read cursor. */
  readSeq: number;
  /** Name of the agent typing now, else null. */
  agentTyping: string | null;
  hasOlder: boolean;
  loadingOlder: boolean;
}

export interface StoreOptions {
  /** Sends a frame if the socket is up and welcomed; false otherwise (the outbox keeps it). */
  send: (frame: VisitorClientFrame) => boolean;
  /** A new message the host page may hear about (LiveChat.on('message')). */
  announce?: (message: ChatMessage) => void;
  now?: () => number;
  newId?: () => string;
}

/** How long an agent's typing indicator lasts without news, and how long a replay may stay unanswered. */
export const TYPING_TTL_MS = 6000;
export const REPLAY_TIMEOUT_MS = 10_000;

interface Pending extends Outgoing {
  /** The connection it was last sent on: it is resent at most once per connection. */
  sentEpoch: number;
  /** The department chosen in the pre-chat form, for a message that starts a conversation. */
  departmentId?: string;
  /** The open conversation it was written to, else null (it may start or reopen one). */
  conversationId: string | null;
}

export type ConversationStore = ReturnType<typeof createConversationStore>;

export function createConversationStore(options: StoreOptions) {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? newClientMsgId;

  const byseq = new Map<number, ChatMessage>();
  /** Seqs held only from an ack (no prevSeq known yet): they bridge a gap only when adjacent. */
  const fromAck = new Set<number>();
  const announced = new Set<string>();
  let pending: Pending[] = [];
  let uploads: Upload[] = [];
  let earlier: ChatMessage[] = [];
  let connection: Connection = 'connecting';
  let epoch = 0;
  let connected = false;
  let conversationId: string | null = null;
  let conversation: VisitorConversation | null = null;
  let contiguous = 0;
  let agentReadSeq = 0;
  let readSeq = 0;
  let readSent = 0;
  let savedRead: ReadCursor | null = null;
  let agentTyping: string | null = null;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let hasOlder = false;
  let loadingOlder = false;
  let replayInFlight: { afterSeq: number; at: number } | null = null;
  /** identify() is switching this visitor to a user: the outbox sends nothing (see `hold`). */
  let held = false;

  const listeners = new Set<() => void>();
  let snapshot: ConversationState = build();

  function build(): ConversationState {
    return {
      connection,
      conversationId,
      conversation,
      messages: [...byseq.values()].sort((a, b) => a.seq - b.seq),
      earlier,
      outgoing: pending.map(({ clientMsgId, text, status, createdAt, error }) => ({
        clientMsgId,
        text,
        status,
        createdAt,
        error,
      })),
      uploads,
      contiguousSeq: contiguous,
      agentReadSeq,
      readSeq,
      agentTyping,
      hasOlder,
      loadingOlder,
    };
  }
  function changed(): void {
    snapshot = build();
    listeners.forEach((listener) => listener());
  }

  /** Switches to another conversation (a new one after a close): the old one moves up to `earlier`. */
  function adopt(id: string): void {
    if (id === conversationId) return;
    if (byseq.size)
      earlier = [...earlier, ...snapshot.messages.filter((m) => m.conversationId === conversationId)];
    byseq.clear();
    fromAck.clear();
    conversationId = id;
    conversation = conversation?.id === id ? conversation : null;
    contiguous = 0;
    agentReadSeq = 0;
    readSeq = readSent = savedRead?.conversationId === id ? savedRead.seq : 0;
    hasOlder = false;
    loadingOlder = false;
    replayInFlight = null;
  }

  /** Adds one message unless held already; false for a duplicate. */
  function put(message: ChatMessage): boolean {
    const held = byseq.get(message.seq);
    if (held && !fromAck.has(message.seq)) return false;
    fromAck.delete(message.seq);
    byseq.set(message.seq, message);
    if (message.clientMsgId) {
      pending = pending.filter((p) => p.clientMsgId !== message.clientMsgId);
      uploads = uploads.filter((u) => u.clientMsgId !== message.clientMsgId);
    }
    if (message.authorKind === 'AGENT') clearTyping();
    const key = `${message.conversationId}:${message.seq}`;
    if (!held && message.seq > readSeq && !announced.has(key)) {
      announced.add(key);
      options.announce?.(message);
    }
    return true;
  }

  /** Moves contiguousSeq over every held message that follows it without a hole. */
  function advance(): void {
    const ahead = [...byseq.keys()].filter((seq) => seq > contiguous).sort((a, b) => a - b);
    for (const seq of ahead) {
      const message = byseq.get(seq);
      const adjacent =
        seq === contiguous + 1 ||
        (!fromAck.has(seq) && message !== undefined && message.prevSeq <= contiguous);
      if (!adjacent) break;
      contiguous = seq;
    }
  }

  /** True when something beyond contiguousSeq is held: a message is missing in between. */
  const hasGap = (): boolean => [...byseq.keys()].some((seq) => seq > contiguous);

  function requestReplay(force = false): void {
    if (!conversationId) return;
    const at = now();
    if (
      !force &&
      replayInFlight &&
      replayInFlight.afterSeq <= contiguous &&
      at - replayInFlight.at < REPLAY_TIMEOUT_MS
    ) {
      return; // the replay already asked for will bring this too
    }
    if (options.send({ type: 'replay', conversationId, afterSeq: contiguous })) {
      replayInFlight = { afterSeq: contiguous, at };
    }
  }

  function clearTyping(): void {
    clearTimeout(typingTimer);
    typingTimer = undefined;
    agentTyping = null;
  }

  /** Sends what the outbox holds, in order, each at most once on this connection. */
  function flush(): void {
    if (held) return;
    for (const p of pending) {
      if (p.status === 'failed' || (p.status === 'sending' && p.sentEpoch === epoch)) continue;
      const frame: VisitorClientFrame = { type: 'message.send', clientMsgId: p.clientMsgId, text: p.text };
      // Only a message that may start a conversation names the department.
      if (p.departmentId && !openConversation()) frame.departmentId = p.departmentId;
      if (!connected || !options.send(frame)) break;
      p.status = 'sending';
      p.sentEpoch = epoch;
    }
  }

  const openConversation = (): boolean =>
    conversation !== null && conversation.status !== 'CLOSED' && conversation.id === conversationId;

  return {
    getState: (): ConversationState => snapshot,
    subscribe: (listener: () => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** The read cursor the loader kept in the host page's storage. */
    setSavedRead(cursor: ReadCursor | null): void {
      savedRead = cursor;
      if (cursor && cursor.conversationId === conversationId && cursor.seq > readSeq)
        readSeq = readSent = cursor.seq;
      changed();
    },

    connecting(): void {
      connection = 'connecting';
      changed();
    },

    /** The socket closed: whatever was in flight is resent, once, after the next welcome. */
    disconnected(): void {
      connected = false;
      connection = 'offline';
      replayInFlight = null;
      for (const p of pending) if (p.status === 'sending') p.status = 'queued';
      clearTyping();
      changed();
    },

    /**
     * The server accepted our hello on a new connection. It replays what we missed by itself (from the
     * afterSeq of the hello), so only the outbox and an unsent read cursor go out here.
     */
    welcome(frame: VisitorWelcome): void {
      epoch += 1;
      connected = true;
      connection = 'online';
      if (frame.conversation) {
        adopt(frame.conversation.id);
        conversation = frame.conversation;
        agentReadSeq = Math.max(agentReadSeq, frame.conversation.agentReadSeq);
      } else {
        conversation = null;
      }
      flush();
      if (
        conversationId &&
        readSeq > readSent &&
        options.send({ type: 'read', conversationId, seq: readSeq })
      ) {
        readSent = readSeq;
      }
      changed();
    },

    /** The visitor writes. Returns the clientMsgId. */
    sendText(text: string, departmentId?: string): string {
      const clientMsgId = newId();
      const p: Pending = {
        clientMsgId,
        text,
        status: 'queued',
        createdAt: now(),
        error: null,
        sentEpoch: -1,
        conversationId: openConversation() ? conversationId : null,
      };
      if (departmentId) p.departmentId = departmentId;
      pending.push(p);
      flush();
      changed();
      return clientMsgId;
    },

    /**
     * Messages an earlier page of this tab wrote and never saw acked (called before the socket starts):
     * shown as queued and sent, in their order, with their own clientMsgId once the socket is welcomed.
     */
    restore(saved: readonly SavedMessage[]): void {
      const restored: Pending[] = saved
        .filter((s) => !pending.some((p) => p.clientMsgId === s.clientMsgId))
        .map((s) => ({ ...s, status: 'queued', error: null, sentEpoch: -1 }));
      if (!restored.length) return;
      pending = [...restored, ...pending];
      flush();
      changed();
    },

    /**
     * On: the loader is about to link this anonymous visitor to a user (identify()), and the server may
     * then move the visitor's conversations. Nothing more goes out (what the visitor writes waits,
     * queued) so that nothing this visitor sends is stored after the move; what is in flight is still
     * acked. Off: sending resumes. Once nothing is `sending`, `unsent()` is all that is left to deliver.
     */
    hold(on: boolean): void {
      held = on;
      flush();
      changed();
    },

    /** What to keep for the next page: every message not acked yet, except those that failed for good. */
    unsent(): SavedMessage[] {
      return pending
        .filter((p) => p.status !== 'failed')
        .map(({ clientMsgId, text, createdAt, conversationId, departmentId }) =>
          departmentId
            ? { clientMsgId, text, createdAt, conversationId, departmentId }
            : { clientMsgId, text, createdAt, conversationId },
        );
    },

    /** Sends a failed message again, with the same clientMsgId (the server never stores it twice). */
    retry(clientMsgId: string): void {
      const p = pending.find((item) => item.clientMsgId === clientMsgId);
      if (!p || p.status !== 'failed') return;
      p.status = 'queued';
      p.error = null;
      p.sentEpoch = -1;
      flush();
      changed();
    },

    ack(frame: AckFrame): void {
      const p = pending.find((item) => item.clientMsgId === frame.clientMsgId);
      if (!p) return; // a repeated ack of a message we already hold
      adopt(frame.conversationId);
      pending = pending.filter((item) => item !== p);
      if (!byseq.has(frame.seq)) {
        const message: ChatMessage = {
          id: frame.messageId,
          conversationId: frame.conversationId,
          seq: frame.seq,
          prevSeq: Math.max(0, frame.seq - 1),
          audience: 'ALL',
          authorKind: 'VISITOR',
          authorId: null,
          authorName: null,
          kind: 'TEXT',
          text: p.text,
          event: null,
          clientMsgId: p.clientMsgId,
          createdAt: frame.createdAt,
        };
        put(message);
        fromAck.add(frame.seq);
      }
      advance();
      if (hasGap()) requestReplay();
      changed();
    },

    message(frame: MessageFrame): void {
      const { message } = frame;
      if (conversationId === null) adopt(message.conversationId);
      if (message.conversationId !== conversationId) return;
      if (message.seq <= contiguous && !fromAck.has(message.seq)) return; // duplicate
      if (!put(message)) return;
      advance();
      if (hasGap()) requestReplay();
      changed();
    },

    replayPage(frame: ReplayPageFrame): void {
      if (conversationId === null) adopt(frame.conversationId);
      if (frame.conversationId !== conversationId) return;
      const before = contiguous;
      if (frame.reset) {
        // Too far behind: these are the latest messages; older ones come back through `history`.
        byseq.clear();
        fromAck.clear();
        frame.messages.forEach(put);
        const first = frame.messages[0];
        const last = frame.messages[frame.messages.length - 1];
        contiguous = last ? last.seq : frame.latestSeq;
        hasOlder = first ? first.prevSeq > 0 : false;
      } else {
        frame.messages.forEach(put);
        advance();
      }
      const last = frame.messages[frame.messages.length - 1];
      if (frame.hasMore && last) {
        if (options.send({ type: 'replay', conversationId, afterSeq: contiguous })) {
          replayInFlight = { afterSeq: contiguous, at: now() };
        }
      } else {
        replayInFlight = null;
        // Still a hole after a complete answer that moved us: ask once more (no loop without progress).
        if (hasGap() && contiguous > before) requestReplay();
      }
      changed();
    },

    historyPage(frame: HistoryPageFrame): void {
      if (frame.conversationId !== conversationId) return;
      frame.messages.forEach(put);
      hasOlder = frame.hasMore;
      loadingOlder = false;
      changed();
    },

    conversationState(frame: VisitorConversationState): void {
      adopt(frame.conversation.id);
      conversation = frame.conversation;
      agentReadSeq = Math.max(agentReadSeq, frame.conversation.agentReadSeq);
      if (frame.conversation.lastSeq > contiguous && !replayInFlight) requestReplay();
      changed();
    },

    agentTyping(frame: AgentTypingToVisitor): void {
      if (frame.conversationId !== conversationId) return;
      clearTyping();
      if (frame.isTyping) {
        agentTyping = frame.name;
        typingTimer = setTimeout(() => {
          typingTimer = undefined;
          agentTyping = null;
          changed();
        }, TYPING_TTL_MS);
      }
      changed();
    },

    agentRead(frame: AgentReadToVisitor): void {
      if (frame.conversationId !== conversationId || frame.seq <= agentReadSeq) return;
      agentReadSeq = frame.seq;
      changed();
    },

    /**
     * An error about one of our messages: retryable ones go back to the outbox after the server's
     * delay (same clientMsgId); the others are marked failed for the visitor to retry. Returns false
     * when the error is not about a message (the socket client handles those).
     */
    error(frame: ErrorFrame): boolean {
      const p = pending.find((item) => item.clientMsgId === frame.clientMsgId);
      if (!p) return false;
      if (frame.retryable) {
        p.status = 'queued';
        p.sentEpoch = -1;
        setTimeout(() => {
          flush();
          changed();
        }, frame.retryAfterMs ?? 2000);
      } else {
        p.status = 'failed';
        p.error = frame.message;
      }
      changed();
      return true;
    },

    /** Replays from contiguousSeq: after `resync`, and when the tab becomes visible again. */
    replay(): void {
      requestReplay(true);
    },

    /** A file upload starts (or starts again after a failure, with the same clientMsgId). */
    uploadStarted(upload: { clientMsgId: string; name: string; size: number }): void {
      uploads = [
        ...uploads.filter((u) => u.clientMsgId !== upload.clientMsgId),
        { ...upload, status: 'uploading', error: null },
      ];
      changed();
    },

    uploadFailed(clientMsgId: string, error: string): void {
      uploads = uploads.map((u) => (u.clientMsgId === clientMsgId ? { ...u, status: 'failed', error } : u));
      changed();
    },

    /**
     * The server stored the file (its answer is like an ack). The FILE message itself, with its signed
     * url, comes through the stream; if it has not yet, a replay fetches it.
     */
    uploadDone(answer: { clientMsgId: string; conversationId: string; seq: number }): void {
      uploads = uploads.filter((u) => u.clientMsgId !== answer.clientMsgId);
      adopt(answer.conversationId);
      if (!byseq.has(answer.seq) && answer.seq > contiguous) requestReplay();
      changed();
    },

    dismissUpload(clientMsgId: string): void {
      uploads = uploads.filter((u) => u.clientMsgId !== clientMsgId);
      changed();
    },

    /** A conversation the panel learned about outside the socket (the offline form): show it. */
    follow(id: string): void {
      adopt(id);
      requestReplay(true);
      changed();
    },

    /** CSAT after the close: 1-5 and an optional comment. False when it could not be sent now. */
    rate(rating: number, comment: string): boolean {
      if (!conversationId || conversation?.status !== 'CLOSED') return false;
      const frame: VisitorClientFrame = { type: 'rating.submit', conversationId, rating };
      if (comment.trim()) frame.comment = comment.trim().slice(0, 1000);
      return options.send(frame);
    },

    /** Scroll-back: asks for the page before the oldest message held. */
    loadOlder(): void {
      const oldest = snapshot.messages[0];
      if (!conversationId || !oldest || !hasOlder || loadingOlder) return;
      if (options.send({ type: 'history', conversationId, beforeSeq: oldest.seq })) {
        loadingOlder = true;
        changed();
      }
    },

    /** The visitor is looking: moves the read cursor to the newest message. Returns it if it moved. */
    markRead(): ReadCursor | null {
      const newest = snapshot.messages[snapshot.messages.length - 1];
      if (!conversationId || !newest || newest.seq <= readSeq) return null;
      readSeq = newest.seq;
      if (options.send({ type: 'read', conversationId, seq: readSeq })) readSent = readSeq;
      changed();
      return { conversationId, seq: readSeq };
    },
  };
}

/** Messages from the agent side (text, files) that the visitor has not read. */
export function unreadCount(state: ConversationState): number {
  return state.messages.filter(
    (m) => m.authorKind !== 'VISITOR' && m.kind !== 'EVENT' && m.seq > state.readSeq,
  ).length;
}

/** A clientMsgId: 22 url-safe random characters (the protocol allows [A-Za-z0-9_-]{8,64}). */
export function newClientMsgId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  return Array.from(bytes, (b) => alphabet[b & 63]).join('');
}

export const MAX_TEXT = LIMITS.messageText;
