import type { PresenceFrame, PresenceStatus, TypingToAgent } from '@livechat/protocol';
import { create } from 'zustand';

export interface TypingState {
  from: TypingToAgent['from'];
  name: string;
  preview: string | null;
}

export interface PresenceState {
  agents: Record<string, { status: PresenceStatus; activeChats: number }>;
  /** Who is typing in each conversation right now (ephemeral, cleared after a silence). */
  typing: Record<string, TypingState>;

  receivePresence(frame: PresenceFrame): void;
  receiveTyping(frame: TypingToAgent): void;
  reset(): void;
}

/** A typing indicator with no refresh for this long is stale (the sender refreshes every 2 s). */
export const TYPING_TTL_MS = 6000;
const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

export const usePresenceStore = create<PresenceState>()((set) => {
  const clearTyping = (conversationId: string) => {
    clearTimeout(typingTimers.get(conversationId));
    typingTimers.delete(conversationId);
    set((s) => {
      const { [conversationId]: _gone, ...typing } = s.typing;
      return { typing };
    });
  };

  return {
    agents: {},
    typing: {},

    receivePresence: (frame) =>
      set((s) => ({
        agents: { ...s.agents, [frame.agentId]: { status: frame.status, activeChats: frame.activeChats } },
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

    reset: () => {
      for (const timer of typingTimers.values()) clearTimeout(timer);
      typingTimers.clear();
      set({ agents: {}, typing: {} });
    },
  };
});
