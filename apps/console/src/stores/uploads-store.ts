import { LIMITS } from '@livechat/protocol';
import { create } from 'zustand';
import { uploadAttachment } from '../api/conversations-api';
import { ApiRequestError } from '../api/http-client';
import { newClientMsgId } from './conversations-store';

/** A file on its way to the server. Once accepted, the FILE message arrives in the stream. */
export interface PendingUpload {
  clientMsgId: string;
  conversationId: string;
  file: File;
  status: 'uploading' | 'failed';
  /** The server's reason (size, type) or a local one. */
  error: string | null;
}

export interface UploadsState {
  byConversation: Record<string, PendingUpload[]>;
  upload(conversationId: string, file: File): Promise<void>;
  retry(conversationId: string, clientMsgId: string): Promise<void>;
  discard(conversationId: string, clientMsgId: string): void;
  reset(): void;
}

export const useUploadsStore = create<UploadsState>()((set, get) => {
  const put = (conversationId: string, change: (list: PendingUpload[]) => PendingUpload[]) =>
    set((s) => ({
      byConversation: {
        ...s.byConversation,
        [conversationId]: change(s.byConversation[conversationId] ?? []),
      },
    }));
  const update = (p: PendingUpload, next: PendingUpload | null) =>
    put(p.conversationId, (list) =>
      list.flatMap((u) => (u.clientMsgId === p.clientMsgId ? (next ? [next] : []) : [u])),
    );

  const send = async (pending: PendingUpload) => {
    try {
      await uploadAttachment(pending.conversationId, pending.file, pending.clientMsgId);
      update(pending, null); // the stored FILE message replaces it through the stream
    } catch (error) {
      const reason = error instanceof ApiRequestError ? error.message : String(error);
      update(pending, { ...pending, status: 'failed', error: reason });
    }
  };

  return {
    byConversation: {},
    upload: async (conversationId, file) => {
      const pending: PendingUpload = {
        clientMsgId: newClientMsgId(),
        conversationId,
        file,
        status: 'uploading',
        error: null,
      };
      if (file.size > LIMITS.attachmentBytes) {
        // Fail early and kindly; the server is still the authority on everything else.
        put(conversationId, (list) => [...list, { ...pending, status: 'failed', error: 'too_large' }]);
        return;
      }
      put(conversationId, (list) => [...list, pending]);
      await send(pending);
    },
    retry: async (conversationId, clientMsgId) => {
      const found = get().byConversation[conversationId]?.find((u) => u.clientMsgId === clientMsgId);
      if (!found || found.error === 'too_large') return;
      const again: PendingUpload = { ...found, status: 'uploading', error: null };
      update(found, again);
      await send(again); // same clientMsgId: a retry never stores the file twice
    },
    discard: (conversationId, clientMsgId) =>
      put(conversationId, (list) => list.filter((u) => u.clientMsgId !== clientMsgId)),
    reset: () => set({ byConversation: {} }),
  };
});
