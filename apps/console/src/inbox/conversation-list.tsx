import type { ConversationView } from '@livechat/protocol';
import { useTranslate, type MessageKey } from '../i18n';
import { useConversationsStore } from '../stores/conversations-store';
import { useUiStore } from '../stores/ui-store';
import { ConversationListItem } from './conversation-list-item';

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

export function ConversationList() {
  const t = useTranslate();
  const view = useUiStore((s) => s.view);
  const ids = useConversationsStore((s) => s.lists[view].ids);
  const loaded = useConversationsStore((s) => s.lists[view].loaded);
  const title = t(viewTitle[view]);

  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <header className="inbox__header">
        <h1 id="inbox-title" className="inbox__title">
          {title}
        </h1>
        {loaded && <span className="inbox__total">{ids.length}</span>}
      </header>
      {!loaded ? (
        <p className="inbox__placeholder" aria-busy="true">
          {t('list.loading')}
        </p>
      ) : ids.length === 0 ? (
        <p className="inbox__placeholder">{t(emptyText[view])}</p>
      ) : (
        <ul className="inbox__list" aria-label={t('list.label', { view: title })}>
          {ids.map((id) => (
            <ConversationListItem key={id} id={id} view={view} />
          ))}
        </ul>
      )}
    </section>
  );
}
