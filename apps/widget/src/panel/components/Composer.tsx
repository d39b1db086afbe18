import { lazy, Suspense, useLayoutEffect, useState, type KeyboardEvent, type RefObject } from 'react';
import { LIMITS } from '@livechat/protocol';
import { t, type Locale } from '../i18n';

// The picker and its emoji list load only when the visitor first opens it.
const EmojiPicker = lazy(() => import('./EmojiPicker'));

/** The away state's extra fields: a message then goes through the leave-a-message form. */
export interface AwayFields {
  name: string;
  email: string;
}

interface ComposerProps {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  locale: Locale;
  /** Set while no agent is online: name and email fields above the message. */
  away: AwayFields | null;
  onSend: (text: string, away: AwayFields | null) => void;
  onInput: (text: string) => void;
  onFiles: (files: File[]) => void;
}

/**
 * The message box: Enter sends, Shift+Enter breaks the line, an IME composition is never cut short.
 * A paperclip (and a paste of files) attaches; the emoji button opens a lazily loaded picker.
 */
export function Composer({ inputRef, locale, away, onSend, onInput, onFiles }: ComposerProps) {
  const [text, setText] = useState('');
  const [name, setName] = useState(away?.name ?? '');
  const [email, setEmail] = useState(away?.email ?? '');
  const [picker, setPicker] = useState(false);

  // Grows with the text up to a few lines, then scrolls.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
  }, [text, inputRef]);

  const submit = (): void => {
    const value = text.trim();
    if (!value) return;
    onSend(value, away ? { name: name.trim(), email: email.trim() } : null);
    setText('');
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submit();
    }
  };

  const insert = (emoji: string): void => {
    const input = inputRef.current;
    const start = input?.selectionStart ?? text.length;
    const end = input?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + emoji + text.slice(end);
    setText(next);
    onInput(next);
    setPicker(false);
    requestAnimationFrame(() => {
      input?.focus();
      input?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {away && (
        <div className="away-fields">
          <input
            type="text"
            autoComplete="name"
            aria-label={t(locale, 'name')}
            placeholder={`${t(locale, 'name')} (${t(locale, 'optional')})`}
            maxLength={LIMITS.name}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
          <input
            type="email"
            autoComplete="email"
            aria-label={t(locale, 'email')}
            placeholder={t(locale, 'awayEmail')}
            maxLength={LIMITS.email}
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </div>
      )}
      {picker && (
        <Suspense fallback={<div className="emoji-picker loading" />}>
          <EmojiPicker label={t(locale, 'emoji')} onPick={insert} onClose={() => setPicker(false)} />
        </Suspense>
      )}
      <div className="compose-row">
        <textarea
          ref={inputRef}
          aria-label={t(locale, 'message')}
          placeholder={t(locale, 'placeholder')}
          rows={1}
          maxLength={LIMITS.messageText}
          value={text}
          onInput={(event) => {
            setText(event.currentTarget.value);
            onInput(event.currentTarget.value);
          }}
          onPaste={(event) => {
            const files = Array.from(event.clipboardData?.files ?? []);
            if (files.length) {
              event.preventDefault();
              onFiles(files);
            }
          }}
          onKeyDown={onKeyDown}
        />
        <button
          type="button"
          className="tool"
          aria-label={t(locale, 'emoji')}
          aria-expanded={picker}
          onClick={() => setPicker(!picker)}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="12" cy="12" r="9" />
            <path d="M8.5 14.5a4.5 4.5 0 0 0 7 0M9 9.5h.01M15 9.5h.01" />
          </svg>
        </button>
        <label className="tool" title={t(locale, 'attach')}>
          <input
            type="file"
            multiple
            className="visually-hidden"
            aria-label={t(locale, 'attach')}
            onChange={(event) => {
              const files = Array.from(event.currentTarget.files ?? []);
              event.currentTarget.value = '';
              if (files.length) onFiles(files);
            }}
          />
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M20.5 11.5l-8.3 8.3a5 5 0 0 1-7-7l8.3-8.3a3.3 3.3 0 0 1 4.7 4.7l-8.3 8.3a1.7 1.7 0 0 1-2.4-2.4l7.6-7.6" />
          </svg>
        </label>
        <button type="submit" className="send" aria-label={t(locale, 'send')} disabled={!text.trim()}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M5 12h13M13 6l6 6-6 6" />
          </svg>
        </button>
      </div>
    </form>
  );
}
