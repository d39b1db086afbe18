import { create } from 'zustand';
import { useUiStore } from '../stores/ui-store';

/** The admin screens, in the order the admin side menu lists them. */
export const ADMIN_PAGES = [
  'departments',
  'agents',
  'sites',
  'canned',
  'reports',
  'webhooks',
  'tokens',
  'visitors',
  'email',
  'audit',
] as const;
export type AdminPage = (typeof ADMIN_PAGES)[number];

/** A place outside the conversation views: an admin page, or the profile every agent has. */
export type OffInboxRoute = { kind: 'admin'; page: AdminPage } | { kind: 'profile' };

const isAdminPage = (value: string | undefined): value is AdminPage =>
  (ADMIN_PAGES as readonly string[]).includes(value ?? '');

/**
 * Reads `#/admin/<page>` and `#/profile`. An unknown admin page opens the first one, so an old link
 * still lands somewhere useful; anything else is a conversation view (see shell/hash-route.ts).
 */
export function readOffInboxRoute(hash: string): OffInboxRoute | null {
  const [, first, second] = hash.replace(/^#/, '').split('/');
  if (first === 'profile') return { kind: 'profile' };
  if (first !== 'admin') return null;
  return { kind: 'admin', page: isAdminPage(second) ? second : 'departments' };
}

export function offInboxHash(route: OffInboxRoute): string {
  return route.kind === 'profile' ? '#/profile' : `#/admin/${route.page}`;
}

/** `#/invite/<token>`: the page that sets a new agent's password, shown without a session. */
export function readInviteToken(hash: string): string | null {
  const match = /^#\/invite\/([^/?#]+)/.exec(hash);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

interface AdminRouteState {
  /** null: the inbox (queue, mine, all, closed) is shown. */
  route: OffInboxRoute | null;
  open(route: OffInboxRoute): void;
  /** Back to the conversation views (the nav's view links call this). */
  leave(): void;
}

export const useAdminRouteStore = create<AdminRouteState>()((set) => ({
  route: null,
  open: (route) => {
    set({ route });
    const hash = offInboxHash(route);
    if (window.location.hash !== hash) window.history.pushState(null, '', hash);
  },
  leave: () => {
    set({ route: null });
    const { view, selectedId } = useUiStore.getState();
    const hash = `#/${view}${selectedId ? `/${encodeURIComponent(selectedId)}` : ''}`;
    if (window.location.hash !== hash) window.history.pushState(null, '', hash);
  },
}));

/** Follows the hash (initial load, back/forward, links) into the store; returns the teardown. */
export function syncOffInboxRoute(): () => void {
  const apply = () => useAdminRouteStore.setState({ route: readOffInboxRoute(window.location.hash) });
  apply();
  window.addEventListener('hashchange', apply);
  window.addEventListener('popstate', apply);
  return () => {
    window.removeEventListener('hashchange', apply);
    window.removeEventListener('popstate', apply);
  };
}
