import { useTranslate } from '../i18n';
import { useSessionStore } from '../stores/session-store';
import { useAdminRouteStore } from './admin-route';

const ICON_ADMIN =
  'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm7.4-3a7.4 7.4 0 0 0-.1-1.2l2-1.6-2-3.4-2.4 1a7 7 0 0 0-2-1.2L14.5 3h-4l-.4 2.6a7 7 0 0 0-2 1.2l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.4l-2 1.6 2 3.4 2.4-1a7 7 0 0 0 2 1.2l.4 2.6h4l.4-2.6a7 7 0 0 0 2-1.2l2.4 1 2-3.4-2-1.6c.1-.4.1-.8.1-1.2z';
const ICON_PROFILE = 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0';

/** The nav's links to Administration (admins only: agents never see it) and to one's own profile. */
export function AdminNavEntry() {
  const t = useTranslate();
  const isAdmin = useSessionStore((s) => s.agent?.role === 'ADMIN');
  const route = useAdminRouteStore((s) => s.route);
  const link = (kind: 'admin' | 'profile', label: string, icon: string) => {
    const current = route?.kind === kind;
    return (
      <li>
        <a
          href={kind === 'admin' ? '#/admin/departments' : '#/profile'}
          className={`nav__link${current ? ' nav__link--current' : ''}`}
          aria-current={current ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            useAdminRouteStore
              .getState()
              .open(
                kind === 'admin'
                  ? { kind, page: route?.kind === 'admin' ? route.page : 'departments' }
                  : { kind },
              );
          }}
        >
          <svg className="nav__icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d={icon} />
          </svg>
          <span className="nav__label">{label}</span>
        </a>
      </li>
    );
  };
  return (
    <ul className="nav__list nav__list--secondary">
      {isAdmin && link('admin', t('admin.title'), ICON_ADMIN)}
      {link('profile', t('admin.profile.title'), ICON_PROFILE)}
    </ul>
  );
}
