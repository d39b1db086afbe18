import { useTranslate } from '../i18n';

/**
 * A small picker, loaded only when first opened (React.lazy), so the console's first paint does not
 * carry it. A short curated set: agents need a friendly handful, not the whole Unicode table.
 */
const EMOJI = [
  '😀',
  '😄',
  '😊',
  '🙂',
  '😉',
  '😍',
  '🤗',
  '🤔',
  '😅',
  '😂',
  '🙃',
  '😇',
  '😎',
  '🥳',
  '😢',
  '😮',
  '🙏',
  '👍',
  '👎',
  '👌',
  '👏',
  '🙌',
  '💪',
  '🤝',
  '👋',
  '✌️',
  '❤️',
  '💙',
  '💚',
  '🔥',
  '✨',
  '⭐',
  '🎉',
  '🎁',
  '✅',
  '❌',
  '⚠️',
  '❓',
  '💡',
  '📦',
  '🚚',
  '💳',
  '📧',
  '📞',
  '📎',
  '🔒',
  '⏰',
  '☕',
] as const;

export default function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const t = useTranslate();
  return (
    <div className="emoji-picker" role="group" aria-label={t('composer.emoji')}>
      {EMOJI.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="emoji-picker__item"
          aria-label={emoji}
          onClick={() => onPick(emoji)}
        >
          {emoji}
        </button>
      ))}
    </div>
  );
}
