import type { CannedResponseItem } from '@livechat/protocol';
import { create } from 'zustand';
import { fetchCannedResponses } from '../api/conversations-api';

export interface CannedState {
  items: CannedResponseItem[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Loads once per session (and again after an error); the composer calls it when `/` is typed. */
  load(force?: boolean): Promise<void>;
  reset(): void;
}

export const useCannedStore = create<CannedState>()((set, get) => ({
  items: [],
  status: 'idle',
  load: async (force = false) => {
    const status = get().status;
    if (status === 'loading' || (status === 'ready' && !force)) return;
    set({ status: 'loading' });
    try {
      const { items } = await fetchCannedResponses();
      set({ items, status: 'ready' });
    } catch (error) {
      console.warn('Could not load canned responses', error);
      set({ status: 'error' });
    }
  },
  reset: () => set({ items: [], status: 'idle' }),
}));
