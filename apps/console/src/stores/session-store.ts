import type { AgentMe } from '@livechat/protocol';
import { create } from 'zustand';
import { fetchMe, login, logout } from '../api/auth-api';
import { ApiRequestError } from '../api/http-client';

export type SessionStatus = 'checking' | 'signed-out' | 'signed-in';

export interface SessionState {
  status: SessionStatus;
  agent: AgentMe | null;
  /** Why the last sign-in failed: an error code the login screen translates. */
  signInError: SignInError | null;
  signingIn: boolean;

  restore(): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** The server answered 401 somewhere: the session is gone. */
  expire(): void;
  setAgent(agent: AgentMe): void;
}

/** Why a sign-in failed, as the login screen words it. */
export type SignInError = 'invalid_credentials' | 'unavailable' | 'wrong_address' | 'rate_limited';

function signInErrorOf(error: unknown): SignInError {
  if (!(error instanceof ApiRequestError)) return 'invalid_credentials';
  if (error.status === 0 || error.status >= 500 || error.code === 'internal') return 'unavailable';
  // The server takes sign-ins only from its own public address (the Origin check): a console opened
  // at another address of the same server (127.0.0.1 for localhost) is refused, not mistaken.
  if (error.code === 'forbidden') return 'wrong_address';
  if (error.code === 'rate_limited') return 'rate_limited';
  return 'invalid_credentials';
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
      set({ signingIn: false, signInError: signInErrorOf(error) });
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
