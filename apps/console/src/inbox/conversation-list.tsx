import type { ConversationSummary, ConversationView } from '@livechat/protocol';
import { useEffect, useId, useState } from 'react';
import { useTranslate, type MessageKey } from '../i18n';
import { claimNext } from '../conversation/conversation-actions';
import { useConversationsStore } from '../stores/conversations-store';
import { useSearchStore } from '../stores/search-store';
import { useUiStore } from '../stores/ui-store';
import { ConversationListItem } from './conversation-list-item';
import { useVisibleIds } from './visible-ids';
import { useDepartments } from './use-departments';

const viewTitle: Record<ConversationView, MessageKey> = {
  queue: 'nav.queue',
  mine: 'nav.mine',
  all: 'nav.all',
  closed: 'nav.closed',
};

const emptyText: Record<ConversationView, MessageKey> = {
  queue: 'list.empty.queue',
  mine: 'list.empty.mine',
  all: 'list.empty.all',
  closed: 'list.empty.closed',
};

/** Waits this long after the last key before asking the server, so typing stays smooth. */
const SEARCH_DEBOUNCE_MS = 250;

function SearchBox() {
  const t = useTranslate();
  const view = useUiStore((s) => s.view);
  const search = useUiStore((s) => s.search);
  const id = useId();
  useEffect(() => {
    const timer = setTimeout(() => void useSearchStore.getState().run(view, search), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [view, search]);
  return (
    <div className="search">
      <label htmlFor={id} className="visually-hidden">
        {t('list.search')}
      </label>
      <svg className="search__icon" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="11" cy="11" r="6.5" />
        <path d="M16 16l4 4" />
      </svg>
      <input
        id={id}
        type="search"
        className="search__input"
        data-shortcut-target="search"
        placeholder={t('list.searchPlaceholder')}
        value={search}
        onChange={(event) => useUiStore.getState().setSearch(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            useUiStore.getState().setSearch('');
            event.currentTarget.blur();
          }
        }}
      />
    </div>
  );
}

function DepartmentFilter() {
  const t = useTranslate();
  const departments = useDepartments();
  const value = useUiStore((s) => s.departmentFilter);
  const id = useId();
  if (departments.length < 2) return null;
  return (
    <div className="department-filter">
      <label htmlFor={id} className="visually-hidden">
        {t('list.department')}
      </label>
      <select
        id={id}
        className="select select--small"
        value={value ?? ''}
        onChange={(event) => useUiStore.getState().setDepartmentFilter(event.target.value || null)}
      >
        <option value="">{t('list.allDepartments')}</option>
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function ClaimNextButton() {
  const t = useTranslate();
  const hasQueued = useConversationsStore((s) => s.lists.queue.ids.length > 0);
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button button--primary button--small"
      disabled={!hasQueued || busy}
      aria-keyshortcuts="n"
      onClick={() => {
        setBusy(true);
        void claimNext().finally(() => setBusy(false));
      }}
    >
      {t('list.claimNext')}
    </button>
  );
}

export function ConversationList() {
  const t = useTranslate();
  const view = useUiStore((s) => s.view);
  const { ids, loaded, searching, results } = useVisibleIds();
  const title = t(viewTitle[view]);
  const byResult = new Map<string, ConversationSummary>(results.map((c) => [c.id, c]));
  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <header className="inbox__header">
        <div className="inbox__title-row">
          <h1 id="inbox-title" className="inbox__title">
            {title}
          </h1>
          {loaded && <span className="inbox__total">{ids.length}</span>}
          <span className="inbox__spacer" />
          {view === 'queue' && <ClaimNextButton />}
        </div>
        <div className="inbox__tools">
          <SearchBox />
          <DepartmentFilter />
        </div>
      </header>
      {!loaded ? (
        <p className="inbox__placeholder" aria-busy="true">
          {searching ? t('list.searching') : t('list.loading')}
        </p>
      ) : ids.length === 0 ? (
        <p className="inbox__placeholder">{searching ? t('list.noResults') : t(emptyText[view])}</p>
      ) : (
        <ul className="inbox__list" aria-label={t('list.label', { view: title })}>
          {ids.map((id) => (
            <ConversationListItem key={id} id={id} view={view} fallback={byResult.get(id)} />
          ))}
        </ul>
      )}
    </section>
  );
}
