import { useEffect } from 'react';
import { ConversationPane } from '../conversation/conversation-pane';
import { showSelectedConversation } from '../conversation/conversation-actions';
import { refreshView } from '../inbox/refresh-lists';
import { ConversationList } from '../inbox/conversation-list';
import { startConsoleConnection } from '../realtime/console-connection';
import { useConversationsStore } from '../stores/conversations-store';
import { useDetailsStore } from '../stores/details-store';
import { usePresenceStore } from '../stores/presence-store';
import { useSessionStore } from '../stores/session-store';
import { useUiStore } from '../stores/ui-store';
import { ConnectionBanner } from './connection-banner';
import { syncHashRoute } from './hash-route';
import { NavSidebar } from './nav-sidebar';
import { NoticeToast } from './notice-toast';
import { useDocumentTitle } from './use-document-title';

/** Everything the stores need while the agent is signed in, and the teardown when they sign out. */
function useConsoleLifecycle() {
  useEffect(() => {
    const agent = useSessionStore.getState().agent;
    if (agent) useConversationsStore.getState().setMe({ id: agent.id, name: agent.name });
    const stopHashSync = syncHashRoute();
    showSelectedConversation(useUiStore.getState().selectedId);
    const stopSelection = useUiStore.subscribe((state, previous) => {
      if (state.selectedId !== previous.selectedId) showSelectedConversation(state.selectedId);
      // Closed is not kept live by counts; fetch it fresh whenever it is opened.
      if (state.view !== previous.view && state.view === 'closed') void refreshView('closed');
    });
    const stopConnection = startConsoleConnection();
    return () => {
      stopConnection();
      stopSelection();
      stopHashSync();
      useConversationsStore.getState().reset();
      useDetailsStore.getState().reset();
      usePresenceStore.getState().reset();
      useUiStore.getState().reset();
    };
  }, []);
}

export function ConsoleShell() {
  useConsoleLifecycle();
  useDocumentTitle();
  const hasSelection = useUiStore((s) => s.selectedId !== null);
  const offline = useUiStore((s) => s.connection !== 'online');
  return (
    <div className={`shell${hasSelection ? ' shell--has-selection' : ''}${offline ? ' shell--offline' : ''}`}>
      <ConnectionBanner />
      <NavSidebar />
      <ConversationList />
      <ConversationPane />
      <NoticeToast />
    </div>
  );
}
