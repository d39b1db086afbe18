import type { ChatMessage } from '@livechat/protocol';
import { formatTime, renderEvent, useLocaleStore, useTranslate } from '../i18n';
import type { PendingMessage } from '../stores/thread-state';
import { useConversationsStore } from '../stores/conversations-store';

export type DeliveryStatus = 'sending' | 'sent' | 'seen' | 'failed';

function StatusLabel({ status }: { status: DeliveryStatus }) {
  const t = useTranslate();
  return (
    <span className={`msg__status msg__status--${status}`} data-status={status}>
      {t(`message.status.${status}`)}
    </span>
  );
}

/** One stored message. `ownStatus` is set for this agent's own replies (sent, or seen by the visitor). */
export function MessageItem({
  message,
  ownStatus,
}: {
  message: ChatMessage;
  ownStatus: DeliveryStatus | null;
}) {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  const time = formatTime(message.createdAt, locale);
  const common = { 'data-testid': 'message', 'data-seq': message.seq, 'data-kind': message.kind } as const;

  if (message.kind === 'EVENT') {
    return (
      <li className="msg msg--event" {...common}>
        <span className="msg__event-text">
          {message.event ? renderEvent(message.event, t) : message.text}
        </span>
        <span className="msg__event-time">{time}</span>
      </li>
    );
  }

  const fromVisitor = message.authorKind === 'VISITOR';
  const isNote = message.kind === 'NOTE';
  const author = fromVisitor
    ? (message.authorName ?? t('message.visitor'))
    : ownStatus !== null
      ? t('message.you')
      : (message.authorName ?? '');
  const side = fromVisitor ? 'msg--visitor' : 'msg--agent';

  return (
    <li className={`msg ${side}${isNote ? ' msg--note' : ''}${ownStatus ? ' msg--own' : ''}`} {...common}>
      <div className="msg__bubble">
        {isNote && <span className="msg__note-label">{t('message.note')}</span>}
        <p className="msg__text">{message.text}</p>
      </div>
      <div className="msg__meta">
        <span className="msg__author">{author}</span>
        <time dateTime={new Date(message.createdAt).toISOString()}>{time}</time>
        {ownStatus && <StatusLabel status={ownStatus} />}
      </div>
    </li>
  );
}

/** A message still on its way (or refused): shown where it will land, with its state and a retry. */
export function PendingItem({ pending }: { pending: PendingMessage }) {
  const t = useTranslate();
  const failed = pending.status === 'failed';
  return (
    <li
      className={`msg msg--agent msg--own msg--pending${pending.note ? ' msg--note' : ''}${failed ? ' msg--failed' : ''}`}
      data-testid="message"
      data-seq=""
      data-client-msg-id={pending.clientMsgId}
    >
      <div className="msg__bubble">
        {pending.note && <span className="msg__note-label">{t('message.note')}</span>}
        <p className="msg__text">{pending.text}</p>
      </div>
      <div className="msg__meta">
        <StatusLabel status={pending.status} />
        {failed && (
          <>
            <button
              type="button"
              className="link-button"
              onClick={() =>
                useConversationsStore.getState().retryMessage(pending.conversationId, pending.clientMsgId)
              }
            >
              {t('message.retry')}
            </button>
            <button
              type="button"
              className="link-button link-button--muted"
              onClick={() =>
                useConversationsStore.getState().discardMessage(pending.conversationId, pending.clientMsgId)
              }
            >
              {t('message.discard')}
            </button>
          </>
        )}
      </div>
    </li>
  );
}
