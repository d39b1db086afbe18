import type { ConversationView } from '@livechat/protocol';
import { useTranslate, type MessageKey } from '../i18n';
import { CONVERSATION_VIEWS, type CountedView } from '../stores/conversation-views';
import { useConversationsStore } from '../stores/conversations-store';
import { useSessionStore } from '../stores/session-store';
import { useUiStore } from '../stores/ui-store';
import { AdminNavEntry, useAdminRouteStore } from '../admin';
import { LanguageSwitcher } from './language-switcher';
import { HelpButton, MuteToggle, StatusSwitch, TeamList } from './presence-controls';

const viewLabel: Record<ConversationView, MessageKey> = {
  queue: 'nav.queue',
  mine: 'nav.mine',
  all: 'nav.all',
  closed: 'nav.closed',
};

const viewIcon: Record<ConversationView, string> = {
  queue: 'M4 6h16M4 12h10M4 18h6',
  mine: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0',
  all: 'M4 5h16v10H8l-4 4z',
  closed: 'M5 12l4 4 10-10',
};

const isCounted = (view: ConversationView): view is CountedView => view !== 'closed';

/** The visible badge; screen readers get the count as the link's description, keeping its name "Queue". */
function ViewCount({ view }: { view: CountedView }) {
  const count = useConversationsStore((s) => s.counts[view]);
  if (count === 0) return null;
  return (
    <span className={`nav__count${view === 'queue' ? ' nav__count--attention' : ''}`} aria-hidden="true">
      {count}
    </span>
  );
}

function ViewCountDescription({ view, id }: { view: CountedView; id: string }) {
  const t = useTranslate();
  const count = useConversationsStore((s) => s.counts[view]);
  return (
    <span id={id} className="visually-hidden">
      {t('nav.count', { count })}
    </span>
  );
}

function NavLink({ view }: { view: ConversationView }) {
  const t = useTranslate();
  const inbox = useAdminRouteStore((s) => s.route === null);
  const current = useUiStore((s) => s.view === view) && inbox;
  const descriptionId = `nav-count-${view}`;
  return (
    <li>
      <a
        href={`#/${view}`}
        aria-describedby={isCounted(view) ? descriptionId : undefined}
        className={`nav__link${current ? ' nav__link--current' : ''}`}
        aria-current={current ? 'page' : undefined}
        onClick={(event) => {
          event.preventDefault();
          useUiStore.getState().showView(view);
          useAdminRouteStore.getState().leave();
        }}
      >
        <svg className="nav__icon" viewBox="0 0 24 24" aria-hidden="true">
          <path d={viewIcon[view]} />
        </svg>
        <span className="nav__label">{t(viewLabel[view])}</span>
        {isCounted(view) && <ViewCount view={view} />}
      </a>
      {isCounted(view) && <ViewCountDescription view={view} id={descriptionId} />}
    </li>
  );
}

function AgentCard() {
  const t = useTranslate();
  const name = useSessionStore((s) => s.agent?.name ?? '');
  const role = useSessionStore((s) => s.agent?.role ?? 'AGENT');
  return (
    <div className="agent-card">
      <span className="avatar avatar--small" aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
      <span className="agent-card__text">
        <span className="agent-card__name">{name}</span>
        <span className="agent-card__role">{t(role === 'ADMIN' ? 'nav.role.ADMIN' : 'nav.role.AGENT')}</span>
      </span>
    </div>
  );
}

export function NavSidebar() {
  const t = useTranslate();
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="nav__brand">
        <span className="brand-mark" aria-hidden="true" />
        {t('app.name')}
      </div>
      <ul className="nav__list">
        {CONVERSATION_VIEWS.map((view) => (
          <NavLink key={view} view={view} />
        ))}
      </ul>
      <AdminNavEntry />
      <TeamList />
      <div className="nav__footer">
        <AgentCard />
        <StatusSwitch />
        <div className="nav__tools">
          <MuteToggle />
          <HelpButton />
          <LanguageSwitcher />
        </div>
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => void useSessionStore.getState().signOut()}
        >
          {t('nav.signOut')}
        </button>
      </div>
    </nav>
  );
}
