import type { ConversationSummary, ConversationView } from '@livechat/protocol';
import { create } from 'zustand';
import { fetchConversations } from '../api/conversations-api';

export interface SearchState {
  /** The query the results answer ('' = no search: the live lists show). */
  query: string;
  view: ConversationView | null;
  items: ConversationSummary[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  run(view: ConversationView, query: string): Promise<void>;
  clear(): void;
}

let generation = 0;

/** Server-side search (GET /api/conversations?q=): visitor name, email and message text. */
export const useSearchStore = create<SearchState>()((set) => ({
  query: '',
  view: null,
  items: [],
  status: 'idle',
  run: async (view, query) => {
    const q = query.trim();
    const mine = ++generation;
    if (!q) {
      set({ query: '', view: null, items: [], status: 'idle' });
      return;
    }
    set({ query: q, view, status: 'loading' });
    try {
      const { items } = await fetchConversations({ view, q, limit: 100 });
      if (mine === generation) set({ items, status: 'ready' });
    } catch {
      if (mine === generation) set({ items: [], status: 'error' });
    }
  },
  clear: () => {
    generation++;
    set({ query: '', view: null, items: [], status: 'idle' });
  },
}));
