import type { AgentMe } from '@livechat/protocol';
import { create } from 'zustand';
import { fetchMe, login, logout } from '../api/auth-api';
import { ApiRequestError } from '../api/http-client';

export type SessionStatus = 'checking' | 'signed-out' | 'signed-in';

export interface SessionState {
  status: SessionStatus;
  agent: AgentMe | null;
  /** Why the last sign-in failed: an error code the login screen translates. */
  signInError: 'invalid_credentials' | 'unavailable' | null;
  signingIn: boolean;

  restore(): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** The server answered 401 somewhere: the session is gone. */
  expire(): void;
  setAgent(agent: AgentMe): void;
}

export const useSessionStore = create<SessionState>()((set) => ({
  status: 'checking',
  agent: null,
  signInError: null,
  signingIn: false,

  restore: async () => {
    try {
      const { agent } = await fetchMe();
      set({ status: 'signed-in', agent });
    } catch {
      set({ status: 'signed-out', agent: null });
    }
  },

  signIn: async (email, password) => {
    set({ signingIn: true, signInError: null });
    try {
      const { agent } = await login({ email, password });
      set({ status: 'signed-in', agent, signingIn: false });
    } catch (error) {
      const unreachable =
        error instanceof ApiRequestError &&
        (error.status === 0 || error.status >= 500 || error.code === 'internal');
      set({ signingIn: false, signInError: unreachable ? 'unavailable' : 'invalid_credentials' });
    }
  },

  signOut: async () => {
    try {
      await logout();
    } finally {
      set({ status: 'signed-out', agent: null });
    }
  },

  expire: () => set({ status: 'signed-out', agent: null }),

  setAgent: (agent) => set({ agent }),
}));
