import type { ConversationView } from '@livechat/protocol';
import { fetchConversations } from '../api/conversations-api';
import { ApiRequestError } from '../api/http-client';
import { useConversationsStore } from '../stores/conversations-store';
import { useSessionStore } from '../stores/session-store';
import { useUiStore } from '../stores/ui-store';

/** Re-fetches one view as a snapshot. A 401 means the session ended: back to the login screen. */
export async function refreshView(view: ConversationView): Promise<void> {
  try {
    const response = await fetchConversations({ view });
    useConversationsStore.getState().setSnapshot(view, response);
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) useSessionStore.getState().expire();
    else console.warn(`Could not load the ${view} list`, error);
  }
}

/**
 * Lists are snapshots, not streams (DESIGN.md 4): after every welcome or resync the console fetches
 * the views it keeps live (queue, mine, all for the counts and the title) and the one on screen.
 */
export async function refreshLists(): Promise<void> {
  const views = new Set<ConversationView>(['queue', 'mine', 'all', useUiStore.getState().view]);
  await Promise.all([...views].map(refreshView));
}
