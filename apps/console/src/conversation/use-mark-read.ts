import { useEffect } from 'react';
import { useConversationsStore } from '../stores/conversations-store';

/**
 * Tells the server (and so the visitor's "seen" and my other tabs' badges) that I read the shown
 * conversation up to its contiguous seq, but only while the tab is actually visible.
 */
export function useMarkRead(conversationId: string, contiguousSeq: number): void {
  useEffect(() => {
    const mark = () => {
      if (document.visibilityState === 'visible') useConversationsStore.getState().markRead(conversationId);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [conversationId, contiguousSeq]);
}
