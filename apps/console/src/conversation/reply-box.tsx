import { LIMITS, type CannedResponseItem, type ConversationSummary } from '@livechat/protocol';
import {
  lazy,
  Suspense,
  useId,
  useRef,
  useState,
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslate } from '../i18n';
import { useCannedStore } from '../stores/canned-store';
import { useConversationsStore } from '../stores/conversations-store';
import { useDetailsStore } from '../stores/details-store';
import { useSessionStore } from '../stores/session-store';
import { useUploadsStore } from '../stores/uploads-store';
import { reportTyping, stopTyping } from './agent-typing';
import { CannedMenu } from './canned-menu';
import { cannedQueryAt, fillCannedVariables, searchCanned } from './canned-variables';
import { useConversationSummary } from './conversation-header';

const EmojiPicker = lazy(() => import('./emoji-picker'));

type Mode = 'reply' | 'note';

/** Only the assignee may reply to the visitor (and send files); anyone with access may leave a note. */
export const canReplyTo = (conversation: ConversationSummary | undefined, myId: string | null) =>
  conversation?.status === 'ACTIVE' && conversation.assignee !== null && conversation.assignee.id === myId;

export function uploadFiles(conversationId: string, files: Iterable<File>): void {
  for (const file of files) void useUploadsStore.getState().upload(conversationId, file);
}

export function ReplyBox({ conversationId }: { conversationId: string }) {
  const t = useTranslate();
  const conversation = useConversationSummary(conversationId);
  const myId = useConversationsStore((s) => s.me?.id ?? null);
  const agentName = useSessionStore((s) => s.agent?.name ?? '');
  const profile = useDetailsStore((s) => {
    const entry = s.byConversation[conversationId];
    return entry?.status === 'ready' ? entry.detail.visitor : null;
  });
  const cannedItems = useCannedStore((s) => s.items);
  const cannedStatus = useCannedStore((s) => s.status);
  const [chosenMode, setMode] = useState<Mode>('reply');
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [activeCanned, setActiveCanned] = useState(0);
  const [cannedDismissed, setCannedDismissed] = useState<string | null>(null);
  const [emojiOpen, setEmojiOpen] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const cannedId = useId();

  const closed = conversation?.status === 'CLOSED';
  const canReply = canReplyTo(conversation, myId);
  const mode: Mode = canReply ? chosenMode : 'note';
  const trimmed = text.trim();
  const over = trimmed.length - LIMITS.messageText;
  const canSend = !closed && conversation !== undefined && trimmed.length > 0 && over <= 0;

  const slash = closed ? null : cannedQueryAt(text, caret);
  const cannedOpen = slash !== null && cannedDismissed !== `${slash.start}`;
  const matches = slash ? searchCanned(cannedItems, slash.query).slice(0, 8) : [];
  const active = Math.min(activeCanned, Math.max(0, matches.length - 1));

  const edit = (next: string, nextCaret: number) => {
    setText(next);
    setCaret(nextCaret);
    if (mode === 'reply') reportTyping(conversationId, next.trim().length > 0);
  };

  const insertAtCaret = (insert: string, replaceFrom = caret) => {
    const next = text.slice(0, replaceFrom) + insert + text.slice(caret);
    const at = replaceFrom + insert.length;
    edit(next, at);
    requestAnimationFrame(() => {
      const el = textarea.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  const pickCanned = (item: CannedResponseItem) => {
    if (!slash) return;
    const body = fillCannedVariables(item.body, {
      visitorName: profile?.name ?? conversation?.visitor.name ?? null,
      visitorEmail: profile?.email ?? conversation?.visitor.email ?? null,
      agentName,
      siteName: conversation?.siteName ?? '',
    });
    insertAtCaret(body, slash.start);
    setActiveCanned(0);
  };

  const send = () => {
    if (!canSend) return;
    useConversationsStore.getState().sendMessage(conversationId, trimmed, mode === 'note');
    stopTyping(conversationId);
    setText('');
    setCaret(0);
    setEmojiOpen(false);
    textarea.current?.focus();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (cannedOpen && matches.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActiveCanned((active + step + matches.length) % matches.length);
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && !event.nativeEvent.isComposing) {
        const item = matches[active];
        if (item) {
          event.preventDefault();
          pickCanned(item);
          return;
        }
      }
    }
    if (event.key === 'Escape' && (cannedOpen || emojiOpen)) {
      event.preventDefault();
      event.stopPropagation();
      if (slash) setCannedDismissed(`${slash.start}`);
      setEmojiOpen(false);
      return;
    }
    // Enter (or Ctrl/Cmd+Enter) sends; Shift+Enter is a new line; Enter while an IME is composing
    // (Chinese input) is not a send.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0 || !canReply) return;
    event.preventDefault();
    uploadFiles(conversationId, files);
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
          {mode === 'note' && <span className="composer__note-badge">{t('composer.noteHint')}</span>}
        </div>
      )}
      {hint && (
        <p id={hintId} className="composer__hint">
          {hint}
        </p>
      )}
      <div className="composer__box">
        {cannedOpen && (
          <CannedMenu
            id={cannedId}
            items={matches}
            active={active}
            status={cannedStatus}
            onPick={pickCanned}
            onHover={setActiveCanned}
          />
        )}
        {emojiOpen && (
          <Suspense fallback={<div className="emoji-picker emoji-picker--loading" />}>
            <EmojiPicker
              onPick={(emoji) => {
                insertAtCaret(emoji);
                setEmojiOpen(false);
              }}
            />
          </Suspense>
        )}
        <textarea
          ref={textarea}
          className="composer__input"
          aria-label={t('composer.reply')}
          aria-describedby={hint ? hintId : undefined}
          aria-autocomplete="list"
          aria-controls={cannedOpen && matches.length > 0 ? cannedId : undefined}
          aria-activedescendant={cannedOpen && matches.length > 0 ? `${cannedId}-${active}` : undefined}
          placeholder={t(mode === 'note' ? 'composer.placeholder.note' : 'composer.placeholder.reply')}
          rows={3}
          value={text}
          disabled={closed}
          data-composer="true"
          onChange={(event) => {
            edit(event.target.value, event.target.selectionStart);
            if (event.target.value.includes('/')) void useCannedStore.getState().load();
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onBlur={() => stopTyping(conversationId)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <div className="composer__footer">
          <div className="composer__tools">
            <button
              type="button"
              className="icon-button"
              aria-label={t('composer.emoji')}
              aria-expanded={emojiOpen}
              disabled={closed}
              onClick={() => setEmojiOpen((open) => !open)}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <circle cx="12" cy="12" r="9" />
                <path d="M8.5 14.5c.9 1.3 2.1 2 3.5 2s2.6-.7 3.5-2M9 9.5h.01M15 9.5h.01" />
              </svg>
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={t('composer.attach')}
              disabled={!canReply}
              onClick={() => fileInput.current?.click()}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M20 11.5l-7.8 7.8a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />
              </svg>
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={t('composer.canned')}
              disabled={closed}
              onClick={() => {
                void useCannedStore.getState().load();
                insertAtCaret(caret === 0 || /\s$/.test(text.slice(0, caret)) ? '/' : ' /');
              }}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M7 8h10M7 12h7M5 4h14a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1h-8l-4 3v-3H5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z" />
              </svg>
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              data-testid="attach-input"
              onChange={(event) => {
                if (event.target.files) uploadFiles(conversationId, [...event.target.files]);
                event.target.value = '';
              }}
            />
            {over > 0 && <span className="composer__limit">{t('composer.tooLong', { count: over })}</span>}
          </div>
          <div className="composer__send">
            <span className="composer__shortcut" aria-hidden="true">
              {t('composer.sendHint')}
            </span>
            <button type="submit" className="button button--primary" disabled={!canSend}>
              {mode === 'note' ? t('composer.addNote') : t('composer.send')}
            </button>
          </div>
        </div>
      </div>
    </form>
  );
}
