import { fetchMe } from '../api/auth-api';
import { ApiRequestError } from '../api/http-client';
import { useConversationsStore } from '../stores/conversations-store';
import { useSessionStore } from '../stores/session-store';
import { useUiStore } from '../stores/ui-store';
import { createAgentSocket } from './agent-socket';
import { handleServerFrame } from './handle-server-frame';
import { setFrameSender } from './outbound';

function agentSocketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/ws/agent`;
}

/** A browser cannot see why an upgrade failed; after a failed attempt, ask the API whether the session lives. */
async function checkSession(): Promise<void> {
  try {
    await fetchMe();
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) useSessionStore.getState().expire();
  }
}

/**
 * Connects the signed-in console: the socket writes into the stores, the stores send through it.
 * Replays on reconnect (via welcome) and whenever the tab becomes visible again, because a sleeping
 * tab's socket can look open and still have missed frames. Returns the teardown.
 */
export function startConsoleConnection(): () => void {
  const ui = useUiStore.getState();
  let hasBeenOnline = false;
  const socket = createAgentSocket({
    url: agentSocketUrl(),
    onFrame: (frame) =>
      handleServerFrame(frame, {
        reconnectWithin: (withinMs) => socket.reconnectWithin(withinMs),
        reload: () => window.location.reload(),
      }),
    onConnecting: (attempt) =>
      ui.setConnection(attempt === 0 && !hasBeenOnline ? 'connecting' : 'reconnecting'),
    onDisconnect: (welcomed) => {
      useConversationsStore.getState().requestsLost();
      ui.setConnection('reconnecting');
      if (!welcomed) void checkSession();
    },
  });
  const unsubscribe = useUiStore.subscribe((state) => {
    if (state.connection === 'online') hasBeenOnline = true;
  });

  const onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    if (socket.isWelcomed()) useConversationsStore.getState().replayWatched();
    else socket.reconnectNow();
  };
  const onOnline = () => socket.reconnectNow();

  setFrameSender((frame) => socket.send(frame));
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('online', onOnline);
  socket.start();

  return () => {
    document.removeEventListener('visibilitychange', onVisible);
    window.removeEventListener('online', onOnline);
    unsubscribe();
    setFrameSender(null);
    socket.stop();
  };
}
