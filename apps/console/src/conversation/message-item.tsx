import type { AttachmentInfo, ChatMessage } from '@livechat/protocol';
import { formatTime, renderEvent, useLocaleStore, useTranslate } from '../i18n';
import { LIMITS } from '@livechat/protocol';
import type { PendingMessage } from '../stores/thread-state';
import { useUploadsStore, type PendingUpload } from '../stores/uploads-store';
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

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Images inline (click for full size), everything else as a download link. */
function AttachmentView({ attachment }: { attachment: AttachmentInfo }) {
  const t = useTranslate();
  if (attachment.contentType.startsWith('image/')) {
    return (
      <a className="msg__image-link" href={attachment.url} target="_blank" rel="noreferrer noopener">
        <img className="msg__image" src={attachment.url} alt={attachment.name} loading="lazy" />
      </a>
    );
  }
  return (
    <a
      className="msg__file"
      href={attachment.url}
      target="_blank"
      rel="noreferrer noopener"
      download={attachment.name}
      aria-label={t('attachment.download', { name: attachment.name })}
    >
      <svg viewBox="0 0 24 24" className="msg__file-icon" aria-hidden="true">
        <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z M14 3v5h5" />
      </svg>
      <span className="msg__file-text">
        <span className="msg__file-name">{attachment.name}</span>
        <span className="msg__file-size">{formatBytes(attachment.size)}</span>
      </span>
    </a>
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
        {message.attachment ? (
          <AttachmentView attachment={message.attachment} />
        ) : (
          <p className="msg__text">{message.text}</p>
        )}
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

/** A file on its way up, or refused by the server (its reason shown, with retry or discard). */
export function UploadItem({ upload }: { upload: PendingUpload }) {
  const t = useTranslate();
  const failed = upload.status === 'failed';
  const reason =
    upload.error === 'too_large'
      ? t('attachment.tooLarge', { size: formatBytes(LIMITS.attachmentBytes) })
      : upload.error;
  return (
    <li
      className={`msg msg--agent msg--own msg--pending${failed ? ' msg--failed' : ''}`}
      data-testid="upload"
    >
      <div className="msg__bubble">
        <span className="msg__file">
          <svg viewBox="0 0 24 24" className="msg__file-icon" aria-hidden="true">
            <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z M14 3v5h5" />
          </svg>
          <span className="msg__file-text">
            <span className="msg__file-name">{upload.file.name}</span>
            <span className="msg__file-size">{formatBytes(upload.file.size)}</span>
          </span>
        </span>
      </div>
      <div className="msg__meta">
        <span
          className={`msg__status msg__status--${failed ? 'failed' : 'sending'}`}
          role={failed ? 'alert' : undefined}
        >
          {failed ? `${t('attachment.failed')}${reason ? `: ${reason}` : ''}` : t('attachment.uploading')}
        </span>
        {failed && upload.error !== 'too_large' && (
          <button
            type="button"
            className="link-button"
            onClick={() => void useUploadsStore.getState().retry(upload.conversationId, upload.clientMsgId)}
          >
            {t('message.retry')}
          </button>
        )}
        {failed && (
          <button
            type="button"
            className="link-button link-button--muted"
            onClick={() => useUploadsStore.getState().discard(upload.conversationId, upload.clientMsgId)}
          >
            {t('message.discard')}
          </button>
        )}
      </div>
    </li>
  );
}
