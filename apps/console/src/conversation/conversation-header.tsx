import { useState } from 'react';
import { useTranslate, visitorName } from '../i18n';
import { useConversationsStore } from '../stores/conversations-store';
import { useDetailsStore } from '../stores/details-store';
import { useSessionStore } from '../stores/session-store';
import { useUiStore } from '../stores/ui-store';
import { claim, close, reopen } from './conversation-actions';

/** The summary comes from the lists, or from the detail endpoint when the chat is in no loaded list. */
export function useConversationSummary(conversationId: string) {
  const fromList = useConversationsStore((s) => s.byId[conversationId]);
  const fromDetail = useDetailsStore((s) => {
    const entry = s.byConversation[conversationId];
    return entry?.status === 'ready' ? entry.detail.conversation : undefined;
  });
  return fromList ?? fromDetail;
}

export function ConversationHeader({ conversationId }: { conversationId: string }) {
  const t = useTranslate();
  const conversation = useConversationSummary(conversationId);
  const myId = useConversationsStore((s) => s.me?.id ?? null);
  const isAdmin = useSessionStore((s) => s.agent?.role === 'ADMIN');
  const detailsOpen = useUiStore((s) => s.detailsOpen);
  const [busy, setBusy] = useState<'claim' | 'close' | 'reopen' | null>(null);

  const run = async (action: 'claim' | 'close' | 'reopen') => {
    setBusy(action);
    try {
      if (action === 'claim') await claim(conversationId);
      else if (action === 'close') await close(conversationId);
      else await reopen(conversationId);
    } finally {
      setBusy(null);
    }
  };

  if (!conversation) return <header className="pane__header" aria-busy="true" />;
  const mine = conversation.assignee?.id === myId;
  const assigneeText = conversation.assignee
    ? mine
      ? t('pane.assignedToYou')
      : t('pane.assignedTo', { name: conversation.assignee.name })
    : t('pane.unassigned');

  return (
    <header className="pane__header">
      <button
        type="button"
        className="pane__back button button--ghost button--small"
        onClick={() => useUiStore.getState().select(null)}
        aria-label={t('pane.back')}
      >
        ←
      </button>
      <div className="pane__heading">
        <h2 id="pane-title" className="pane__title">
          {visitorName(conversation.visitor, t)}
        </h2>
        <p className="pane__subtitle">
          <span className={`status-pill status-pill--${conversation.status.toLowerCase()}`}>
            {t(`status.${conversation.status}`)}
          </span>
          <span>{conversation.department.name}</span>
          <span aria-hidden="true">·</span>
          <span>{assigneeText}</span>
        </p>
      </div>
      <div className="pane__actions">
        {conversation.status === 'QUEUED' && (
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null}
            aria-keyshortcuts="c"
            onClick={() => void run('claim')}
          >
            {busy === 'claim' ? t('pane.claiming') : t('pane.claim')}
          </button>
        )}
        {conversation.status !== 'CLOSED' && (mine || conversation.status === 'QUEUED' || isAdmin) && (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy !== null}
            aria-keyshortcuts="t"
            onClick={() => useUiStore.getState().openOverlay('transfer')}
          >
            {t('pane.transfer')}
          </button>
        )}
        {conversation.status === 'ACTIVE' && (mine || isAdmin) && (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy !== null}
            onClick={() => void run('close')}
          >
            {busy === 'close' ? t('pane.closing') : t('pane.close')}
          </button>
        )}
        {conversation.status === 'CLOSED' && (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy !== null}
            onClick={() => void run('reopen')}
          >
            {busy === 'reopen' ? t('pane.reopening') : t('pane.reopen')}
          </button>
        )}
        <button
          type="button"
          className="button button--ghost button--small pane__details-toggle"
          aria-expanded={detailsOpen}
          aria-controls="visitor-details"
          onClick={() => useUiStore.getState().toggleDetails()}
        >
          {t('pane.visitorInfo')}
        </button>
      </div>
    </header>
  );
}
