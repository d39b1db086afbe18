import type { ConversationSummary, PresenceStatus, VisitorConversation } from '@livechat/protocol';
import type { StoredMessage } from '../store/rows.js';

/*
 * Fan-out between the code that changes state and the sockets that must hear of it. Topics:
 *   conversation:<id>  messages, typing, read state of one conversation
 *   department:<id>    conversation summaries (queue and lists) of one department
 *   visitor:<id>       the visitor's conversation state (every tab of that visitor)
 *   agent:<id>         session revocation, deactivation
 *   agents             presence of all agents
 * In one process the Bus is in memory; with REDIS_URL it becomes Redis pub/sub, each process
 * subscribed only to the topics its sockets need.
 */

export type BusEvent =
  | { kind: 'message'; message: StoredMessage }
  /** visitorView is set on the visitor's topic only; agents' topics carry the summary alone. */
  | { kind: 'conversation'; summary: ConversationSummary; visitorView: VisitorConversation | null }
  | {
      kind: 'typing';
      conversationId: string;
      from: 'visitor' | 'agent';
      agentId: string | null;
      name: string;
      isTyping: boolean;
      preview?: string;
    }
  | { kind: 'read'; conversationId: string; reader: 'visitor' | 'agent'; agentId: string | null; seq: number }
  | { kind: 'presence'; agentId: string; status: PresenceStatus; activeChats: number }
  /** An agent's session (or, without sessionId, all their sessions) was revoked: close those sockets. */
  | { kind: 'agent.revoked'; agentId: string; sessionId?: string; reason: string }
  /** An agent's departments, role or profile changed: their open consoles reconnect to pick it up. */
  | { kind: 'agent.changed'; agentId: string }
  /** A visitor was blocked or erased: their open tabs are closed. */
  | { kind: 'visitor.revoked'; visitorId: string; reason: string };

export type BusListener = (event: BusEvent) => void;
export type Unsubscribe = () => void;

export interface Bus {
  /** Resolves once the subscription is confirmed: events published after that are delivered. */
  subscribe(topic: string, listener: BusListener): Promise<Unsubscribe>;
  publish(topic: string, event: BusEvent): Promise<void>;
  /** Called when events may have been lost (reconnect of the transport): sockets must resync. */
  onLoss(listener: (reason: string) => void): Unsubscribe;
  close(): Promise<void>;
}

export const topics = {
  conversation: (id: string) => `conversation:${id}`,
  department: (id: string) => `department:${id}`,
  visitor: (id: string) => `visitor:${id}`,
  agent: (id: string) => `agent:${id}`,
  agents: 'agents',
} as const;
