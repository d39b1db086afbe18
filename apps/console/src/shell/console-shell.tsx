import { Suspense, useEffect } from 'react';
import { OffInboxScreen, syncOffInboxRoute, useAdminRouteStore } from '../admin';
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
import { startIdleWatcher } from './idle-watcher';
import { startKeyboardShortcuts } from './keyboard-shortcuts';
import { ShortcutsHelp } from './shortcuts-help';
import { unlockAudio } from '../notifications/alert-sound';
import { requestNotificationPermission } from '../notifications/alert-agent';
import { useNotificationSettings } from '../notifications/notification-settings';
import { useCannedStore } from '../stores/canned-store';
import { useSearchStore } from '../stores/search-store';
import { useUploadsStore } from '../stores/uploads-store';

/** Browsers allow sound and the permission prompt only after a user gesture: take the first one. */
function startGestureUnlock(): () => void {
  const unlock = () => {
    unlockAudio();
    requestNotificationPermission();
    useNotificationSettings.getState().unlock();
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
  return () => {
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
}

/** Everything the stores need while the agent is signed in, and the teardown when they sign out. */
function useConsoleLifecycle() {
  useEffect(() => {
    const agent = useSessionStore.getState().agent;
    if (agent) useConversationsStore.getState().setMe({ id: agent.id, name: agent.name });
    const stopHashSync = syncHashRoute();
    const stopOffInbox = syncOffInboxRoute();
    showSelectedConversation(useUiStore.getState().selectedId);
    const stopSelection = useUiStore.subscribe((state, previous) => {
      if (state.selectedId !== previous.selectedId) showSelectedConversation(state.selectedId);
      // Closed is not kept live by counts; fetch it fresh whenever it is opened.
      if (state.view !== previous.view && state.view === 'closed') void refreshView('closed');
      // On a narrow screen the visitor drawer closes when another chat opens.
      if (state.selectedId !== previous.selectedId && state.detailsOpen) state.toggleDetails(false);
    });
    const stopConnection = startConsoleConnection();
    const stopShortcuts = startKeyboardShortcuts();
    const stopIdle = startIdleWatcher();
    const stopUnlock = startGestureUnlock();
    return () => {
      stopUnlock();
      stopIdle();
      stopShortcuts();
      stopConnection();
      useCannedStore.getState().reset();
      useSearchStore.getState().clear();
      useUploadsStore.getState().reset();
      stopSelection();
      stopHashSync();
      stopOffInbox();
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
  const helpOpen = useUiStore((s) => s.overlay === 'help');
  // Admin pages and the profile replace the list and conversation columns; the socket stays up.
  const offInbox = useAdminRouteStore((s) => s.route !== null);
  return (
    <div
      className={`shell${hasSelection ? ' shell--has-selection' : ''}${offline ? ' shell--offline' : ''}${offInbox ? ' shell--admin' : ''}`}
    >
      <ConnectionBanner />
      <NavSidebar />
      {offInbox ? (
        <Suspense fallback={<main className="admin-main admin-loading" aria-busy="true" />}>
          <OffInboxScreen />
        </Suspense>
      ) : (
        <>
          <ConversationList />
          <ConversationPane />
        </>
      )}
      <NoticeToast />
      {helpOpen && <ShortcutsHelp />}
    </div>
  );
}
