import { useTranslate } from '../i18n';
import { usePresenceStore } from '../stores/presence-store';

export function TypingIndicator({ conversationId }: { conversationId: string }) {
  const t = useTranslate();
  const typing = usePresenceStore((s) => s.typing[conversationId]);
  return (
    <div className="typing" aria-live="polite">
      {typing && (
        <>
          <span className="typing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span className="typing__text">
            {t('pane.typing', { name: typing.name.trim() || t('message.visitor') })}
          </span>
          {typing.preview && <span className="typing__preview">“{typing.preview}”</span>}
        </>
      )}
    </div>
  );
}
