// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLocaleStore } from '../i18n';
import { useSessionStore } from '../stores/session-store';
import { LoginScreen } from './login-screen';

const agent = {
  id: 'a1',
  email: 'admin@example.com',
  name: 'Admin',
  role: 'ADMIN',
  avatarUrl: null,
  maxChats: 5,
  activeChats: 0,
  departments: [],
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  useLocaleStore.getState().setLocale('en');
  useSessionStore.setState({ status: 'signed-out', agent: null, signInError: null, signingIn: false });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The login request answers with this API error. */
function refuseWith(status: number, code: string, message: string) {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(json(status, { error: { code, message } }))),
  );
}

async function signIn(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(useSessionStore.getState().signingIn).toBe(false));
  });
}

describe('LoginScreen', () => {
  it('signs in with the LoginBody and keeps the parsed agent', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(json(200, { agent })));
    vi.stubGlobal('fetch', fetchMock);
    render(<LoginScreen />);
    await signIn(' admin@example.com ', 'secret');
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/auth/login',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ email: 'admin@example.com', password: 'secret' }),
      }),
    );
    expect(useSessionStore.getState().status).toBe('signed-in');
    expect(useSessionStore.getState().agent?.name).toBe('Admin');
  });

  it('says so when the credentials are wrong', async () => {
    refuseWith(401, 'unauthorized', 'Bad credentials');
    render(<LoginScreen />);
    await signIn('admin@example.com', 'wrong');
    expect(screen.getByRole('alert').textContent).toContain('do not match');
    expect(useSessionStore.getState().status).toBe('signed-out');
  });

  it('tells a console opened at another address of the server where to sign in', async () => {
    refuseWith(403, 'forbidden', 'Sign in from the console');
    render(<LoginScreen />);
    await signIn('admin@example.com', 'right');
    expect(screen.getByRole('alert').textContent).toContain('PUBLIC_URL');
    expect(screen.getByRole('alert').textContent).not.toContain('do not match');
  });

  it('says to wait when sign-ins are rate limited', async () => {
    refuseWith(429, 'rate_limited', 'Too many requests');
    render(<LoginScreen />);
    await signIn('admin@example.com', 'right');
    expect(screen.getByRole('alert').textContent).toContain('Too many sign-in attempts');
  });

  it('does not accept a response that is not a MeResponse', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json(200, { agent: { id: 'a1' } }))),
    );
    render(<LoginScreen />);
    await signIn('admin@example.com', 'secret');
    expect(useSessionStore.getState().status).toBe('signed-out');
  });
});
