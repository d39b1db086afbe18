// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLocaleStore } from '../i18n';
import { NavSidebar } from '../shell/nav-sidebar';
import { useSessionStore } from '../stores/session-store';
import { useAdminDataStore } from './admin-data-store';
import { useAdminRouteStore } from './admin-route';
import { OffInboxScreen } from './admin-screen';

function signIn(role: 'ADMIN' | 'AGENT') {
  useSessionStore.setState({
    status: 'signed-in',
    agent: {
      id: 'a1',
      email: 'a@example.com',
      name: 'Ann',
      role,
      avatarUrl: null,
      maxChats: 5,
      activeChats: 0,
      departments: [],
    },
  });
}

beforeEach(() => {
  useLocaleStore.setState({ locale: 'en' });
  // Pages load their lists; answer every request with an empty list.
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(JSON.stringify({ items: [] }), { status: 200 }))),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  useAdminRouteStore.setState({ route: null });
  useAdminDataStore.getState().reset();
});

describe('admin authorization in the console', () => {
  it('shows the Administration entry to admins only', () => {
    signIn('AGENT');
    const { unmount } = render(<NavSidebar />);
    expect(screen.queryByRole('link', { name: 'Administration' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Profile' })).toBeTruthy();
    unmount();
    signIn('ADMIN');
    render(<NavSidebar />);
    expect(screen.getByRole('link', { name: 'Administration' })).toBeTruthy();
  });

  it('answers a non-admin on an admin route with a plain not allowed, and loads nothing', () => {
    signIn('AGENT');
    useAdminRouteStore.setState({ route: { kind: 'admin', page: 'agents' } });
    render(<OffInboxScreen />);
    expect(screen.getByRole('heading', { name: 'Not allowed' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Agents' })).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows the page to an admin', async () => {
    signIn('ADMIN');
    useAdminRouteStore.setState({ route: { kind: 'admin', page: 'agents' } });
    render(<OffInboxScreen />);
    expect(await screen.findByRole('heading', { name: 'Agents', level: 1 })).toBeTruthy();
    expect(fetch).toHaveBeenCalledWith('/api/admin/agents', expect.anything());
  });
});
