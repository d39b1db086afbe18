import { lazy, Suspense } from 'react';
import { useTranslate, type MessageKey } from '../i18n';
import { useSessionStore } from '../stores/session-store';
import './admin.css';
import { ADMIN_PAGES, useAdminRouteStore, type AdminPage } from './admin-route';
import { AgentsPage } from './agents/agents-page';
import { AuditPage } from './audit/audit-page';
import { CannedPage } from './canned/canned-page';
import { DepartmentsPage } from './departments/departments-page';
import { TokensPage } from './integrations/tokens-page';
import { WebhooksPage } from './integrations/webhooks-page';
import { ProfilePage } from './profile/profile-page';
import { EmailPage } from './settings/email-page';
import { SitesPage } from './sites/sites-page';
import { VisitorsPage } from './visitors/visitors-page';

// Only the reports page needs the charting library: it loads when that page opens.
const ReportsPage = lazy(() => import('./reports/reports-page').then((m) => ({ default: m.ReportsPage })));

export const ADMIN_PAGE_LABEL: Record<AdminPage, MessageKey> = {
  departments: 'admin.nav.departments',
  agents: 'admin.nav.agents',
  sites: 'admin.nav.sites',
  canned: 'admin.nav.canned',
  reports: 'admin.nav.reports',
  webhooks: 'admin.nav.webhooks',
  tokens: 'admin.nav.tokens',
  visitors: 'admin.nav.visitors',
  email: 'admin.nav.email',
  audit: 'admin.nav.audit',
};

const GROUPS: Array<{ label: MessageKey; pages: AdminPage[] }> = [
  { label: 'admin.group.team', pages: ['departments', 'agents', 'canned'] },
  { label: 'admin.group.channels', pages: ['sites', 'email'] },
  { label: 'admin.group.insights', pages: ['reports', 'audit'] },
  { label: 'admin.group.integrations', pages: ['webhooks', 'tokens'] },
  { label: 'admin.group.privacy', pages: ['visitors'] },
];

function AdminPageBody({ page }: { page: AdminPage }) {
  switch (page) {
    case 'departments':
      return <DepartmentsPage />;
    case 'agents':
      return <AgentsPage />;
    case 'sites':
      return <SitesPage />;
    case 'canned':
      return <CannedPage />;
    case 'reports':
      return (
        <Suspense fallback={<div className="admin-page admin-loading" aria-busy="true" />}>
          <ReportsPage />
        </Suspense>
      );
    case 'webhooks':
      return <WebhooksPage />;
    case 'tokens':
      return <TokensPage />;
    case 'visitors':
      return <VisitorsPage />;
    case 'email':
      return <EmailPage />;
    case 'audit':
      return <AuditPage />;
  }
}

function AdminMenu({ current }: { current: AdminPage }) {
  const t = useTranslate();
  return (
    <nav className="admin-menu" aria-label={t('admin.menu')}>
      <h2 className="admin-menu__title">{t('admin.title')}</h2>
      {GROUPS.map((group) => (
        <div key={group.label} className="admin-menu__group">
          <div className="admin-menu__group-label">{t(group.label)}</div>
          <ul className="admin-menu__list">
            {group.pages.map((page) => (
              <li key={page}>
                <a
                  href={`#/admin/${page}`}
                  className={`admin-menu__link${page === current ? ' admin-menu__link--current' : ''}`}
                  aria-current={page === current ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    useAdminRouteStore.getState().open({ kind: 'admin', page });
                  }}
                >
                  {t(ADMIN_PAGE_LABEL[page])}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/** The area beside the nav when an admin page or the profile is open. Admin pages are for admins only. */
export function OffInboxScreen() {
  const t = useTranslate();
  const route = useAdminRouteStore((s) => s.route);
  const isAdmin = useSessionStore((s) => s.agent?.role === 'ADMIN');
  if (!route) return null;
  if (route.kind === 'profile') {
    return (
      <main className="admin-main admin-main--solo">
        <ProfilePage />
      </main>
    );
  }
  if (!isAdmin) {
    return (
      <main className="admin-main admin-main--solo">
        <div className="not-allowed" role="alert">
          <h1 className="not-allowed__title">{t('admin.notAllowed')}</h1>
          <p>{t('admin.notAllowedHint')}</p>
        </div>
      </main>
    );
  }
  return (
    <>
      <AdminMenu current={route.page} />
      <main className="admin-main" aria-label={t(ADMIN_PAGE_LABEL[route.page])}>
        <AdminPageBody key={route.page} page={route.page} />
      </main>
    </>
  );
}

export { ADMIN_PAGES };
