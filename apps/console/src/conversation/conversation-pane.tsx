import { useTranslate } from '../i18n';
import { useUiStore } from '../stores/ui-store';
import { ConversationHeader } from './conversation-header';
import { MessageList } from './message-list';
import { ReplyBox } from './reply-box';
import { TypingIndicator } from './typing-indicator';
import { VisitorPanel } from './visitor-panel';

export function ConversationPane() {
  const t = useTranslate();
  const selectedId = useUiStore((s) => s.selectedId);
  if (!selectedId) {
    return (
      <section className="pane pane--empty">
        <div className="pane__empty">
          <svg viewBox="0 0 24 24" className="pane__empty-icon" aria-hidden="true">
            <path d="M4 5h16v10H8l-4 4z" />
          </svg>
          <p className="pane__empty-title">{t('pane.empty')}</p>
          <p className="pane__empty-hint">{t('pane.emptyHint')}</p>
        </div>
      </section>
    );
  }
  return (
    <>
      <section className="pane" aria-labelledby="pane-title" key={selectedId}>
        <ConversationHeader conversationId={selectedId} />
        <MessageList conversationId={selectedId} />
        <TypingIndicator conversationId={selectedId} />
        <ReplyBox conversationId={selectedId} />
      </section>
      <VisitorPanel conversationId={selectedId} />
    </>
  );
}
