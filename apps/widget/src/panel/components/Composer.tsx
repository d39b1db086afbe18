import { useLayoutEffect, useState, type KeyboardEvent, type RefObject } from 'react';
import { LIMITS } from '@livechat/protocol';
import { t, type Locale } from '../i18n';

interface ComposerProps {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  locale: Locale;
  onSend: (text: string) => void;
  onInput: (text: string) => void;
}

/** The message box: Enter sends, Shift+Enter breaks the line, an IME composition is never cut short. */
export function Composer({ inputRef, locale, onSend, onInput }: ComposerProps) {
  const [text, setText] = useState('');

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
    onSend(value);
    setText('');
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={inputRef}
        aria-label="Message"
        placeholder={t(locale, 'placeholder')}
        rows={1}
        maxLength={LIMITS.messageText}
        value={text}
        onInput={(event) => {
          setText(event.currentTarget.value);
          onInput(event.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="send" aria-label="Send" disabled={!text.trim()}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M5 12h13M13 6l6 6-6 6" />
        </svg>
      </button>
    </form>
  );
}
