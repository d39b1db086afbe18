import type {
  AckFrame,
  ChatMessage,
  ConversationListResponse,
  ConversationSummary,
  ConversationView,
  ErrorFrame,
  HistoryPageFrame,
  ReadToAgent,
  ReplayPageFrame,
} from '@livechat/protocol';
import { create } from 'zustand';
import { sendFrame } from '../realtime/outbound';
import { applySnapshot, applyUpsert, emptyLists, type ListsState } from './conversation-lists';
import {
  applyHistoryPage,
  applyReplayPage,
  emptyThread,
  hasGap,
  insertMessages,
  type PendingMessage,
  type ThreadState,
} from './thread-state';

/** The agent whose messages are "mine": used to place conversations in Mine and to fill acked messages. */
export interface Me {
  id: string;
  name: string;
}

export interface ConversationsState extends ListsState {
  me: Me | null;
  threads: Record<string, ThreadState>;
  /** The conversation the console shows and watches (one at a time). */
  watchedId: string | null;
  /** This agent's read cursor per conversation, as far as this tab knows (for unread badges). */
  agentReadSeq: Record<string, number>;

  setMe(me: Me | null): void;
  setSnapshot(view: ConversationView, response: ConversationListResponse): void;
  upsertConversation(conversation: ConversationSummary): void;
  /** After `already_claimed`: the chat leaves the queue now, before the server's update arrives. */
  markClaimedElsewhere(conversationId: string): void;

  watch(conversationId: string | null): void;
  /** After a welcome: re-watch the shown conversation from its contiguous seq and resend unacked messages. */
  resubscribe(): void;
  /** On `resync` or the tab becoming visible: replay the shown conversation from its contiguous seq. */
  replayWatched(): void;
  /** The socket closed, or the server refused a request: what is in flight will get no answer. */
  requestsLost(): void;
  receiveMessage(message: ChatMessage): void;
  receiveReplayPage(page: ReplayPageFrame): void;
  receiveHistoryPage(page: HistoryPageFrame): void;
  loadOlder(conversationId: string): void;
  receiveRead(frame: ReadToAgent): void;
  markRead(conversationId: string): void;

  sendMessage(conversationId: string, text: string, note: boolean): string;
  retryMessage(conversationId: string, clientMsgId: string): void;
  discardMessage(conversationId: string, clientMsgId: string): void;
  receiveAck(ack: AckFrame): void;
  /** Returns true when the error named a pending message of this console. */
  receiveError(error: ErrorFrame): boolean;
  reset(): void;
}

const initialState = () => ({
  ...emptyLists(),
  me: null,
  threads: {},
  watchedId: null,
  agentReadSeq: {},
});

/** Read cursors only move forward (DESIGN.md 5): a snapshot never lowers what this tab already marked. */
export function mergeReadSeqs(
  held: Record<string, number>,
  incoming: Record<string, number>,
): Record<string, number> {
  const merged = { ...held };
  for (const [id, seq] of Object.entries(incoming)) merged[id] = Math.max(merged[id] ?? 0, seq);
  return merged;
}

export function newClientMsgId(): string {
  return crypto.randomUUID();
}

/** Fallback wait before resending a message the server refused with a retryable error. */
const DEFAULT_RETRY_MS = 1000;

export const useConversationsStore = create<ConversationsState>()((set, get) => {
  const thread = (id: string) => get().threads[id] ?? emptyThread();
  const putThread = (id: string, next: ThreadState) =>
    set((s) => ({ threads: { ...s.threads, [id]: next } }));

  /** Asks for the messages after the contiguous seq unless a request is already on its way. */
  const requestReplay = (id: string) => {
    const current = thread(id);
    if (current.replaying) return;
    const sent = sendFrame({ type: 'replay', conversationId: id, afterSeq: current.contiguousSeq });
    if (sent) putThread(id, { ...current, replaying: true, serverPaging: false });
  };

  /** (Re)subscribes to a conversation from its contiguous seq; the server replays by itself. */
  const sendWatch = (id: string, base: ThreadState) => {
    const sent = sendFrame({ type: 'conversation.watch', conversationId: id, afterSeq: base.contiguousSeq });
    putThread(id, { ...base, replaying: sent, serverPaging: sent });
  };

  const sendPending = (pending: PendingMessage) =>
    sendFrame({
      type: 'message.send',
      conversationId: pending.conversationId,
      clientMsgId: pending.clientMsgId,
      text: pending.text,
      note: pending.note,
    });

  const updatePending = (
    id: string,
    clientMsgId: string,
    change: (p: PendingMessage) => PendingMessage | null,
  ) => {
    const current = thread(id);
    const pending = current.pending.flatMap((p) => {
      if (p.clientMsgId !== clientMsgId) return [p];
      const next = change(p);
      return next ? [next] : [];
    });
    putThread(id, { ...current, pending });
  };

  const findPending = (clientMsgId: string): PendingMessage | undefined => {
    for (const t of Object.values(get().threads)) {
      const found = t.pending.find((p) => p.clientMsgId === clientMsgId);
      if (found) return found;
    }
    return undefined;
  };

  return {
    ...initialState(),

    setMe: (me) => set({ me }),

    setSnapshot: (view, response) =>
      set((s) => ({
        ...applySnapshot(s, view, response, s.me?.id ?? null),
        agentReadSeq: mergeReadSeqs(s.agentReadSeq, response.readSeqs),
      })),

    upsertConversation: (conversation) => set((s) => applyUpsert(s, conversation, s.me?.id ?? null)),

    markClaimedElsewhere: (conversationId) => {
      const held = get().byId[conversationId];
      if (!held || held.status !== 'QUEUED') return;
      // Provisional: someone else holds it now. Same lastSeq, so the server's update replaces it.
      set((s) => applyUpsert(s, { ...held, status: 'ACTIVE' }, s.me?.id ?? null));
    },

    watch: (conversationId) => {
      const previous = get().watchedId;
      if (previous === conversationId) return;
      if (previous) sendFrame({ type: 'conversation.unwatch', conversationId: previous });
      set({ watchedId: conversationId });
      if (!conversationId) return;
      sendWatch(conversationId, { ...thread(conversationId), loadingOlder: false });
    },

    resubscribe: () => {
      const id = get().watchedId;
      if (id) sendWatch(id, thread(id));
      for (const t of Object.values(get().threads)) {
        for (const pending of t.pending) if (pending.status === 'sending') sendPending(pending);
      }
    },

    replayWatched: () => {
      const id = get().watchedId;
      if (id) requestReplay(id);
    },

    requestsLost: () =>
      set((s) => ({
        threads: Object.fromEntries(
          Object.entries(s.threads).map(([id, t]) => [
            id,
            { ...t, replaying: false, serverPaging: false, loadingOlder: false },
          ]),
        ),
      })),

    receiveMessage: (message) => {
      const id = message.conversationId;
      if (!get().threads[id]) return; // not a conversation this tab shows (a late frame after unwatch)
      const current = thread(id);
      // Our own message can arrive before its ack: it is committed, so it stops being pending.
      const pending = current.pending.filter((p) => p.clientMsgId !== message.clientMsgId);
      const next = insertMessages({ ...current, pending }, [message]);
      putThread(id, next);
      if (hasGap(next)) requestReplay(id);
    },

    receiveReplayPage: (page) => {
      const id = page.conversationId;
      if (!get().threads[id]) return;
      const current = thread(id);
      const next = applyReplayPage(current, page);
      if (page.hasMore && current.serverPaging) {
        putThread(id, { ...next, replaying: true }); // the server sends the watch's next page itself
        return;
      }
      putThread(id, { ...next, replaying: false, serverPaging: false });
      // Page on while the server has more; a gap left after the last page is retried on the next message.
      if (page.hasMore) requestReplay(id);
    },

    receiveHistoryPage: (page) => {
      const id = page.conversationId;
      if (!get().threads[id]) return;
      putThread(id, applyHistoryPage(thread(id), page));
    },

    loadOlder: (conversationId) => {
      const current = thread(conversationId);
      const oldest = current.messages[0];
      if (!current.hasOlder || current.loadingOlder || !oldest) return;
      const sent = sendFrame({ type: 'history', conversationId, beforeSeq: oldest.seq });
      if (sent) putThread(conversationId, { ...current, loadingOlder: true });
    },

    receiveRead: (frame) => {
      const id = frame.conversationId;
      if (frame.reader === 'visitor') {
        const current = thread(id);
        if (frame.seq > current.visitorReadSeq) putThread(id, { ...current, visitorReadSeq: frame.seq });
        return;
      }
      if (frame.agentId !== null && frame.agentId === get().me?.id) {
        // Another tab of mine read it: clear the unread state here too.
        set((s) => ({
          agentReadSeq: { ...s.agentReadSeq, [id]: Math.max(s.agentReadSeq[id] ?? 0, frame.seq) },
        }));
      }
    },

    markRead: (conversationId) => {
      const readTo = thread(conversationId).contiguousSeq;
      if (readTo <= (get().agentReadSeq[conversationId] ?? 0)) return;
      if (sendFrame({ type: 'read', conversationId, seq: readTo })) {
        set((s) => ({ agentReadSeq: { ...s.agentReadSeq, [conversationId]: readTo } }));
      }
    },

    sendMessage: (conversationId, text, note) => {
      const pending: PendingMessage = {
        clientMsgId: newClientMsgId(),
        conversationId,
        text,
        note,
        createdAt: Date.now(),
        status: 'sending',
        errorCode: null,
      };
      const current = thread(conversationId);
      putThread(conversationId, { ...current, pending: [...current.pending, pending] });
      // Not connected: it stays "sending" and resubscribe() sends it after the next welcome.
      sendPending(pending);
      return pending.clientMsgId;
    },

    retryMessage: (conversationId, clientMsgId) => {
      updatePending(conversationId, clientMsgId, (p) => ({ ...p, status: 'sending', errorCode: null }));
      const pending = thread(conversationId).pending.find((p) => p.clientMsgId === clientMsgId);
      if (pending) sendPending(pending);
    },

    discardMessage: (conversationId, clientMsgId) => updatePending(conversationId, clientMsgId, () => null),

    receiveAck: (ack) => {
      const id = ack.conversationId;
      const pending = thread(id).pending.find((p) => p.clientMsgId === ack.clientMsgId);
      if (!pending) return; // acked twice (a retry after reconnect): nothing left to do
      const me = get().me;
      // The ack carries everything needed to show the message as stored; if the server's `message`
      // frame also arrives it is dropped as a duplicate by seq.
      const message: ChatMessage = {
        id: ack.messageId,
        conversationId: id,
        seq: ack.seq,
        prevSeq: ack.seq - 1,
        audience: pending.note ? 'AGENTS' : 'ALL',
        authorKind: 'AGENT',
        authorId: me?.id ?? null,
        authorName: me?.name ?? null,
        kind: pending.note ? 'NOTE' : 'TEXT',
        text: pending.text,
        event: null,
        clientMsgId: pending.clientMsgId,
        createdAt: ack.createdAt,
      };
      const withoutPending = {
        ...thread(id),
        pending: thread(id).pending.filter((p) => p.clientMsgId !== ack.clientMsgId),
      };
      const next = insertMessages(withoutPending, [message]);
      putThread(id, next);
      if (hasGap(next)) requestReplay(id);
    },

    receiveError: (error) => {
      if (!error.clientMsgId) return false;
      const pending = findPending(error.clientMsgId);
      if (!pending) return false;
      const { conversationId, clientMsgId } = pending;
      if (error.retryable) {
        setTimeout(() => {
          const still = thread(conversationId).pending.find((p) => p.clientMsgId === clientMsgId);
          if (still?.status === 'sending') sendPending(still);
        }, error.retryAfterMs ?? DEFAULT_RETRY_MS);
      } else {
        updatePending(conversationId, clientMsgId, (p) => ({
          ...p,
          status: 'failed',
          errorCode: error.code,
        }));
      }
      return true;
    },

    reset: () => set(initialState()),
  };
});
