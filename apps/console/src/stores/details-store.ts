import type { ConversationDetailResponse } from '@livechat/protocol';
import { create } from 'zustand';
import { fetchConversationDetail } from '../api/conversations-api';

export type DetailEntry =
  { status: 'loading' } | { status: 'ready'; detail: ConversationDetailResponse } | { status: 'error' };

export interface DetailsState {
  /** Visitor profile and past conversations beside each opened conversation. */
  byConversation: Record<string, DetailEntry>;
  load(conversationId: string): Promise<ConversationDetailResponse | null>;
  reset(): void;
}

export const useDetailsStore = create<DetailsState>()((set, get) => ({
  byConversation: {},

  load: async (conversationId) => {
    const put = (entry: DetailEntry) =>
      set((s) => ({ byConversation: { ...s.byConversation, [conversationId]: entry } }));
    if (get().byConversation[conversationId]?.status !== 'ready') put({ status: 'loading' });
    try {
      const detail = await fetchConversationDetail(conversationId);
      put({ status: 'ready', detail });
      return detail;
    } catch {
      if (get().byConversation[conversationId]?.status !== 'ready') put({ status: 'error' });
      return null;
    }
  },

  reset: () => set({ byConversation: {} }),
}));
