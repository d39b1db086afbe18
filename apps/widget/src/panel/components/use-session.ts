import { useSyncExternalStore } from 'react';
import type { ConversationState } from '../conversation-store';
import type { PanelSession, PanelView } from '../panel-session';

export function useConversation(session: PanelSession): ConversationState {
  return useSyncExternalStore(session.store.subscribe, session.store.getState);
}

export function usePanelView(session: PanelSession): PanelView {
  return useSyncExternalStore(session.subscribeView, session.getView);
}
