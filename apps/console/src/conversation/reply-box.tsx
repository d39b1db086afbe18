import { LIMITS } from '@livechat/protocol';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslate } from '../i18n';
import { useConversationsStore } from '../stores/conversations-store';
import { reportTyping, stopTyping } from './agent-typing';
import { useConversationSummary } from './conversation-header';

type Mode = 'reply' | 'note';

export function ReplyBox({ conversationId }: { conversationId: string }) {
  const t = useTranslate();
  const conversation = useConversationSummary(conversationId);
  const myId = useConversationsStore((s) => s.me?.id ?? null);
  const [chosenMode, setMode] = useState<Mode>('reply');
  const [text, setText] = useState('');
  const textarea = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();

  const closed = conversation?.status === 'CLOSED';
  // Only the assignee may reply to the visitor; anyone with access may leave a note.
  const canReply = conversation?.status === 'ACTIVE' && conversation.assignee?.id === myId;
  const mode: Mode = canReply ? chosenMode : 'note';
  const trimmed = text.trim();
  const over = trimmed.length - LIMITS.messageText;
  const canSend = !closed && conversation !== undefined && trimmed.length > 0 && over <= 0;

  const send = () => {
    if (!canSend) return;
    useConversationsStore.getState().sendMessage(conversationId, trimmed, mode === 'note');
    stopTyping(conversationId);
    setText('');
    textarea.current?.focus();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a new line; Enter while an IME is composing (Chinese input) is not a send.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  const hint = closed ? t('composer.closed') : !canReply ? t('composer.claimToReply') : null;

  return (
    <form className={`composer composer--${mode}`} onSubmit={onSubmit}>
      {!closed && (
        <div className="composer__modes" role="group" aria-label={t('composer.mode')}>
          <button
            type="button"
            className="composer__mode"
            aria-pressed={mode === 'reply'}
            disabled={!canReply}
            onClick={() => setMode('reply')}
          >
            {t('composer.reply')}
          </button>
          <button
            type="button"
            className="composer__mode composer__mode--note"
            aria-pressed={mode === 'note'}
            onClick={() => setMode('note')}
          >
            {t('composer.note')}
          </button>
        </div>
      )}
      {hint && (
        <p id={hintId} className="composer__hint">
          {hint}
        </p>
      )}
      <div className="composer__box">
        <textarea
          ref={textarea}
          className="composer__input"
          aria-label={t('composer.reply')}
          aria-describedby={hint ? hintId : undefined}
          placeholder={t(mode === 'note' ? 'composer.placeholder.note' : 'composer.placeholder.reply')}
          rows={3}
          value={text}
          disabled={closed}
          onChange={(event) => {
            setText(event.target.value);
            if (mode === 'reply') reportTyping(conversationId, event.target.value.trim().length > 0);
          }}
          onBlur={() => stopTyping(conversationId)}
          onKeyDown={onKeyDown}
        />
        <div className="composer__footer">
          {over > 0 ? (
            <span className="composer__limit">{t('composer.tooLong', { count: over })}</span>
          ) : (
            <span />
          )}
          <button type="submit" className="button button--primary" disabled={!canSend}>
            {t('composer.send')}
          </button>
        </div>
      </div>
    </form>
  );
}
