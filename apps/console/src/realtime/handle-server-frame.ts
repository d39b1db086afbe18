import type { AgentServerFrame } from '@livechat/protocol';
import { refreshLists } from '../inbox/refresh-lists';
import { classifyActivity } from '../notifications/activity';
import { alertAgent } from '../notifications/alert-agent';
import { useCannedStore } from '../stores/canned-store';
import { useConversationsStore } from '../stores/conversations-store';
import { usePresenceStore } from '../stores/presence-store';
import { useSessionStore } from '../stores/session-store';
import { useUiStore } from '../stores/ui-store';

export interface FrameContext {
  reconnectWithin(withinMs: number): void;
  reload(): void;
}

/** Routes one parsed server frame into the stores. One case per frame type; components only read the stores. */
export function handleServerFrame(frame: AgentServerFrame, context: FrameContext): void {
  const conversations = useConversationsStore.getState();
  switch (frame.type) {
    case 'welcome':
      useSessionStore.getState().setAgent(frame.agent);
      conversations.setMe({ id: frame.agent.id, name: frame.agent.name });
      useUiStore.getState().setConnection('online');
      // Re-watch and resend first (the socket is subscribed), then re-fetch the lists as snapshots.
      conversations.resubscribe();
      usePresenceStore.getState().announceMine();
      void refreshLists();
      void usePresenceStore.getState().loadDirectory();
      void useCannedStore.getState().load(true);
      return;
    case 'ack':
      conversations.receiveAck(frame);
      return;
    case 'message':
      conversations.receiveMessage(frame.message);
      return;
    case 'replay.page':
      conversations.receiveReplayPage(frame);
      return;
    case 'history.page':
      conversations.receiveHistoryPage(frame);
      return;
    case 'conversation.updated': {
      const previous = conversations.byId[frame.conversation.id];
      conversations.upsertConversation(frame.conversation);
      const activity = classifyActivity(previous, frame.conversation, conversations.me?.id ?? null);
      const looking =
        useUiStore.getState().selectedId === frame.conversation.id &&
        typeof document !== 'undefined' &&
        document.visibilityState === 'visible';
      // A message in the chat the agent is reading needs no alarm; a new chat always gets one.
      if (activity && !(activity.kind === 'newMessage' && looking)) alertAgent(activity);
      return;
    }
    case 'typing':
      usePresenceStore.getState().receiveTyping(frame);
      return;
    case 'read':
      conversations.receiveRead(frame);
      return;
    case 'presence':
      usePresenceStore.getState().receivePresence(frame);
      return;
    case 'error':
      if (!conversations.receiveError(frame)) {
        // Not about a message: a refused watch, replay or history gets no page, so stop waiting for one.
        console.warn(`Server error ${frame.code}: ${frame.message}`);
        conversations.requestsLost();
      }
      if (frame.code === 'unauthorized') useSessionStore.getState().expire();
      return;
    case 'resync':
      conversations.replayWatched();
      void refreshLists();
      void usePresenceStore.getState().loadDirectory();
      return;
    case 'reconnect':
      context.reconnectWithin(frame.withinMs);
      return;
    case 'reload':
      context.reload();
      return;
    case 'pong':
      return; // the socket's heartbeat consumed it
  }
}
