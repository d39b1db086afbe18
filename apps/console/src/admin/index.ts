// Administration and the profile: the nav entry and route are light; the screens load on demand.
import { lazy } from 'react';

export { AdminNavEntry } from './admin-nav-entry';
export { readInviteToken, syncOffInboxRoute, useAdminRouteStore } from './admin-route';

export const OffInboxScreen = lazy(() =>
  import('./admin-screen').then((m) => ({ default: m.OffInboxScreen })),
);
export const InvitePage = lazy(() => import('./invite/invite-page').then((m) => ({ default: m.InvitePage })));
