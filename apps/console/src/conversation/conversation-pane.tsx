import { useState, type DragEvent } from 'react';
import { useTranslate } from '../i18n';
import { useConversationsStore } from '../stores/conversations-store';
import { useUiStore } from '../stores/ui-store';
import { ConversationHeader, useConversationSummary } from './conversation-header';
import { MessageList } from './message-list';
import { canReplyTo, ReplyBox, uploadFiles } from './reply-box';
import { TransferDialog } from './transfer-dialog';
import { TypingIndicator } from './typing-indicator';
import { VisitorPanel } from './visitor-panel';

const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

function OpenConversation({ conversationId }: { conversationId: string }) {
  const t = useTranslate();
  const conversation = useConversationSummary(conversationId);
  const myId = useConversationsStore((s) => s.me?.id ?? null);
  const overlay = useUiStore((s) => s.overlay);
  const [dragging, setDragging] = useState(false);
  const canUpload = canReplyTo(conversation, myId);
  return (
    <>
      <section
        className={`pane${dragging ? ' pane--dragging' : ''}`}
        aria-labelledby="pane-title"
        onDragOver={(event) => {
          if (!canUpload || !hasFiles(event)) return;
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={(event) => {
          const related = event.relatedTarget;
          if (related instanceof Node && event.currentTarget.contains(related)) return;
          setDragging(false);
        }}
        onDrop={(event) => {
          setDragging(false);
          if (!canUpload || !hasFiles(event)) return;
          event.preventDefault();
          uploadFiles(conversationId, [...event.dataTransfer.files]);
        }}
      >
        <ConversationHeader conversationId={conversationId} />
        <MessageList conversationId={conversationId} />
        <TypingIndicator conversationId={conversationId} />
        <ReplyBox conversationId={conversationId} />
        {dragging && (
          <div className="pane__dropzone" aria-hidden="true">
            {t('composer.dropFiles')}
          </div>
        )}
      </section>
      <VisitorPanel conversationId={conversationId} />
      {overlay === 'transfer' && <TransferDialog conversationId={conversationId} />}
    </>
  );
}

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
  return <OpenConversation key={selectedId} conversationId={selectedId} />;
}
