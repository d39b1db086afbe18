import type { AgentServerFrame } from '@livechat/protocol';
import { refreshLists } from '../inbox/refresh-lists';
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
      void refreshLists();
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
    case 'conversation.updated':
      conversations.upsertConversation(frame.conversation);
      return;
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
