import type { AgentListItem, PresenceFrame, PresenceStatus, TypingToAgent } from '@livechat/protocol';
import { create } from 'zustand';
import { fetchAgents } from '../api/directory-api';
import { sendFrame } from '../realtime/outbound';

export interface TypingState {
  from: TypingToAgent['from'];
  name: string;
  preview: string | null;
}

/** What this agent asked for; `away` also comes by itself after IDLE_AWAY_MS without input. */
export type ChosenStatus = 'online' | 'away';

export interface PresenceState {
  agents: Record<string, { status: PresenceStatus; activeChats: number }>;
  /** Colleagues (GET /api/agents), kept live by presence frames. */
  directory: AgentListItem[];
  directoryLoaded: boolean;
  /** Who is typing in each conversation right now (ephemeral, cleared after a silence). */
  typing: Record<string, TypingState>;
  chosen: ChosenStatus;
  idle: boolean;
  receivePresence(frame: PresenceFrame): void;
  receiveTyping(frame: TypingToAgent): void;
  loadDirectory(): Promise<void>;
  choose(status: ChosenStatus): void;
  setIdle(idle: boolean): void;
  /** After a welcome the server counts me online again: tell it if I am away. */
  announceMine(): void;
  reset(): void;
}

/** A typing indicator with no refresh for this long is stale (the sender refreshes every 2 s). */
export const TYPING_TTL_MS = 6000;
export const IDLE_AWAY_MS = 5 * 60_000;
const STATUS_KEY = 'livechat.console.status';

const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

function savedChoice(): ChosenStatus {
  try {
    return globalThis.localStorage?.getItem(STATUS_KEY) === 'away' ? 'away' : 'online';
  } catch {
    return 'online';
  }
}

export const effectiveStatus = (s: Pick<PresenceState, 'chosen' | 'idle'>): ChosenStatus =>
  s.chosen === 'away' || s.idle ? 'away' : 'online';

export const usePresenceStore = create<PresenceState>()((set, get) => {
  const clearTyping = (conversationId: string) => {
    clearTimeout(typingTimers.get(conversationId));
    typingTimers.delete(conversationId);
    set((s) => {
      const { [conversationId]: _gone, ...typing } = s.typing;
      return { typing };
    });
  };
  /** Sends the effective status when it changes. Not connected: the next welcome announces it. */
  const update = (change: Partial<Pick<PresenceState, 'chosen' | 'idle'>>) => {
    const before = effectiveStatus(get());
    set(change);
    const after = effectiveStatus(get());
    if (before !== after) sendFrame({ type: 'presence.set', status: after });
  };

  return {
    agents: {},
    directory: [],
    directoryLoaded: false,
    typing: {},
    chosen: savedChoice(),
    idle: false,
    receivePresence: (frame) =>
      set((s) => ({
        agents: { ...s.agents, [frame.agentId]: { status: frame.status, activeChats: frame.activeChats } },
        directory: s.directory.map((a) =>
          a.id === frame.agentId ? { ...a, status: frame.status, activeChats: frame.activeChats } : a,
        ),
      })),
    receiveTyping: (frame) => {
      if (!frame.isTyping) {
        clearTyping(frame.conversationId);
        return;
      }
      clearTimeout(typingTimers.get(frame.conversationId));
      typingTimers.set(
        frame.conversationId,
        setTimeout(() => clearTyping(frame.conversationId), TYPING_TTL_MS),
      );
      set((s) => ({
        typing: {
          ...s.typing,
          [frame.conversationId]: { from: frame.from, name: frame.name, preview: frame.preview ?? null },
        },
      }));
    },
    loadDirectory: async () => {
      try {
        const { items } = await fetchAgents();
        // Presence frames that arrived after the request left are newer than the snapshot.
        const live = get().agents;
        set({
          directory: items
            .filter((a) => a.active)
            .map((a) => {
              const known = live[a.id];
              return known ? { ...a, status: known.status, activeChats: known.activeChats } : a;
            }),
          directoryLoaded: true,
        });
      } catch (error) {
        console.warn('Could not load colleagues', error);
      }
    },
    choose: (chosen) => {
      try {
        globalThis.localStorage?.setItem(STATUS_KEY, chosen);
      } catch {
        // the choice lasts for this page only
      }
      update({ chosen });
    },
    setIdle: (idle) => {
      if (get().idle !== idle) update({ idle });
    },
    announceMine: () => {
      if (effectiveStatus(get()) === 'away') sendFrame({ type: 'presence.set', status: 'away' });
    },
    reset: () => {
      for (const timer of typingTimers.values()) clearTimeout(timer);
      typingTimers.clear();
      set({ agents: {}, directory: [], directoryLoaded: false, typing: {}, idle: false });
    },
  };
});
