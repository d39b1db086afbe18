import type { ConversationSummary, ConversationView } from '@livechat/protocol';
import {
  formatDuration,
  formatListTime,
  useLocaleStore,
  useTranslate,
  visitorName,
  type Translate,
} from '../i18n';
import { openConversation } from '../conversation/conversation-actions';
import { useNow } from '../shell/use-now';
import { isUnread } from '../stores/conversation-selectors';
import { useConversationsStore } from '../stores/conversations-store';
import { useUiStore } from '../stores/ui-store';
import { VisitorAvatar } from './visitor-avatar';

function preview(conversation: ConversationSummary, t: Translate): string {
  const last = conversation.lastMessage;
  if (!last) return t('list.noMessages');
  // The summary's lastMessage has no event code and params, so an event previews as the status.
  if (last.kind === 'EVENT') return t(`status.${conversation.status}`);
  if (last.kind === 'NOTE') return `${t('message.note')}: ${last.text}`;
  const prefix = last.authorKind === 'AGENT' ? t('list.youPrefix') : '';
  return `${prefix}${last.text}`;
}

function WaitTime({ since }: { since: number }) {
  const t = useTranslate();
  const now = useNow();
  return <span className="row__wait">{t('list.waiting', { duration: formatDuration(now - since, t) })}</span>;
}

export function ConversationListItem({
  id,
  view,
  fallback,
}: {
  id: string;
  view: ConversationView;
  /** A search result the live lists do not hold. */
  fallback?: ConversationSummary | undefined;
}) {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  const conversation = useConversationsStore((s) => s.byId[id]) ?? fallback;
  const unread = useConversationsStore((s) => {
    const c = s.byId[id];
    return c !== undefined && isUnread(c, s.agentReadSeq);
  });
  const selected = useUiStore((s) => s.selectedId === id);
  const now = useNow();
  if (!conversation) return null;
  const name = visitorName(conversation.visitor, t);
  const lastAt = conversation.lastMessage?.createdAt ?? conversation.createdAt;

  return (
    <li>
      <button
        type="button"
        className={`row${selected ? ' row--selected' : ''}${unread ? ' row--unread' : ''}`}
        data-testid="conversation-item"
        data-conversation-id={id}
        aria-current={selected ? 'true' : undefined}
        onClick={() => openConversation(id)}
      >
        <VisitorAvatar visitor={conversation.visitor} name={name} />
        <span className="row__body">
          <span className="row__top">
            <span className="row__name">{name}</span>
            {view === 'queue' ? (
              <WaitTime since={conversation.queuedAt} />
            ) : (
              <time className="row__time" dateTime={new Date(lastAt).toISOString()}>
                {formatListTime(lastAt, now, locale)}
              </time>
            )}
          </span>
          <span className="row__preview">{preview(conversation, t)}</span>
          <span className="row__meta">
            <span className="row__department">{conversation.department.name}</span>
            {view === 'all' && conversation.assignee && (
              <span className="row__assignee">{conversation.assignee.name}</span>
            )}
            {unread && (
              <span className="row__unread-dot">
                <span className="visually-hidden">{t('list.unread')}</span>
              </span>
            )}
          </span>
        </span>
      </button>
    </li>
  );
}
