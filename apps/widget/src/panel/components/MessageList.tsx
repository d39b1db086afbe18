import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { LIMITS, type AttachmentInfo, type ChatMessage } from '@livechat/protocol';
import type { ConversationState, Outgoing, Upload } from '../conversation-store';
import { eventText, formatTime, t, type Locale } from '../i18n';

interface MessageListProps {
  state: ConversationState;
  locale: Locale;
  greeting: string;
  onRetry: (clientMsgId: string) => void;
  onLoadOlder: () => void;
  onRetryUpload: (clientMsgId: string) => void;
  onDismissUpload: (clientMsgId: string) => void;
  /** Shown after the messages: the CSAT card, the offline form's receipt. */
  children?: ReactNode;
}

type Row =
  { key: string; message: ChatMessage; pending: null } | { key: string; message: null; pending: Outgoing };

/**
 * The conversation, oldest first: lifecycle events as small centred lines, the visitor's messages on
 * the right in the site colour, the agents' on the left. It sticks to the bottom unless the visitor
 * has scrolled up to read, and announces new messages politely to screen readers (role="log").
 */
export function MessageList({
  state,
  locale,
  greeting,
  onRetry,
  onLoadOlder,
  onRetryUpload,
  onDismissUpload,
  children,
}: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // A message the visitor just wrote always brings them to the bottom.
  const ownCount = state.outgoing.length + state.uploads.length;
  const lastOwnCount = useRef(ownCount);
  if (ownCount > lastOwnCount.current) stick.current = true;
  lastOwnCount.current = ownCount;

  const rows: Row[] = [
    ...[...state.earlier, ...state.messages]
      .filter((m) => m.audience === 'ALL' && m.kind !== 'NOTE')
      .map((message) => ({
        key: message.clientMsgId ?? `${message.conversationId}:${message.seq}`,
        message,
        pending: null,
      })),
    ...state.outgoing.map((pending) => ({ key: pending.clientMsgId, message: null, pending })),
  ];
  const lastVisitorSeq = [...state.messages].reverse().find((m) => m.authorKind === 'VISITOR')?.seq;

  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (box && stick.current) box.scrollTop = box.scrollHeight;
  }, [rows.length, state.uploads.length, state.agentTyping, state.conversation?.status, children]);

  const waiting = state.conversation?.status === 'QUEUED';
  const queuePosition = state.conversation?.queuePosition;
  const expectedWaitMs = state.conversation?.expectedWaitMs ?? null;

  return (
    <div
      className="scroll"
      ref={scrollRef}
      onScroll={(event) => {
        const box = event.currentTarget;
        stick.current = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
      }}
    >
      {greeting && (
        <div className="greeting">
          <p>{greeting}</p>
        </div>
      )}
      {state.hasOlder && (
        <button type="button" className="earlier" onClick={onLoadOlder} disabled={state.loadingOlder}>
          {t(locale, 'earlier')}
        </button>
      )}
      <div
        className="messages"
        role="log"
        aria-live="polite"
        aria-label={t(locale, 'messages')}
        data-testid="message-list"
      >
        {rows.map((row, index) => {
          const previous = rows[index - 1];
          if (row.pending)
            return <PendingBubble key={row.key} pending={row.pending} locale={locale} onRetry={onRetry} />;
          const { message } = row;
          if (message.kind === 'EVENT') {
            return (
              <div key={row.key} className="event" data-testid="event" data-seq={message.seq}>
                <span>{message.event ? eventText(locale, message.event) : message.text}</span>
              </div>
            );
          }
          const mine = message.authorKind === 'VISITOR';
          const firstOfGroup =
            !previous?.message ||
            previous.message.kind === 'EVENT' ||
            previous.message.authorKind !== message.authorKind ||
            previous.message.authorName !== message.authorName;
          const seen = message.seq <= state.agentReadSeq;
          const showStatus =
            mine && message.seq === lastVisitorSeq && message.conversationId === state.conversationId;
          return (
            <div
              key={row.key}
              className={`row ${mine ? 'mine' : 'theirs'}${firstOfGroup ? ' first' : ''}${showStatus ? ' with-status' : ''}`}
              data-testid="message"
              data-seq={message.seq}
            >
              {!mine && firstOfGroup && message.authorName && (
                <div className="author">{message.authorName}</div>
              )}
              {message.kind === 'FILE' && message.attachment ? (
                <FileBubble file={message.attachment} locale={locale} />
              ) : (
                <div className="bubble">{message.text}</div>
              )}
              <div className="meta">
                <time dateTime={new Date(message.createdAt).toISOString()}>
                  {formatTime(locale, message.createdAt)}
                </time>
                {showStatus && (
                  <span className={seen ? 'status seen' : 'status'}>
                    {' '}
                    · {t(locale, seen ? 'seen' : 'sent')}
                  </span>
                )}
              </div>
            </div>
          );
        })}
      </div>
      {state.uploads.map((upload) => (
        <UploadRow
          key={upload.clientMsgId}
          upload={upload}
          locale={locale}
          onRetry={onRetryUpload}
          onDismiss={onDismissUpload}
        />
      ))}
      {waiting && (
        <div className="waiting" role="status">
          <span className="pulse" aria-hidden="true" />
          <div>
            <strong>{t(locale, 'waiting')}</strong>
            {queuePosition ? <div>{t(locale, 'queuePosition', { n: queuePosition })}</div> : null}
            {expectedWaitMs !== null ? (
              <div>{t(locale, 'expectedWait', { n: Math.max(1, Math.round(expectedWaitMs / 60_000)) })}</div>
            ) : null}
          </div>
        </div>
      )}
      {state.agentTyping && (
        <div className="typing" role="status">
          <span className="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {t(locale, 'typing', { name: state.agentTyping })}
        </div>
      )}
      {children}
    </div>
  );
}

/** Images inline (a click opens the full size), other files as download links. */
function FileBubble({ file, locale }: { file: AttachmentInfo; locale: Locale }) {
  if (/^image\/(png|jpe?g|gif|webp)$/.test(file.contentType)) {
    return (
      <a className="bubble image" href={file.url} target="_blank" rel="noopener noreferrer">
        <img src={file.url} alt={file.name} loading="lazy" />
      </a>
    );
  }
  return (
    <a
      className="bubble file"
      href={file.url}
      download={file.name}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={t(locale, 'download', { name: file.name })}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5" />
      </svg>
      <span className="file-name">{file.name}</span>
      <span className="file-size">{formatSize(file.size)}</span>
    </a>
  );
}

function UploadRow({
  upload,
  locale,
  onRetry,
  onDismiss,
}: {
  upload: Upload;
  locale: Locale;
  onRetry: (id: string) => void;
  onDismiss: (id: string) => void;
}) {
  const failed = upload.status === 'failed';
  const reason =
    upload.error === 'tooLarge'
      ? t(locale, 'tooLarge', { mb: LIMITS.attachmentBytes / 1024 / 1024 })
      : upload.error === 'quota' || upload.error === 'fileType'
        ? t(locale, upload.error)
        : t(locale, 'uploadFailed');
  return (
    <div
      className={`row mine first pending${failed ? ' failed' : ''}`}
      data-testid="upload"
      data-status={upload.status}
    >
      <div className="bubble file">
        <span className="file-name">{upload.name}</span>
        <span className="file-size">{formatSize(upload.size)}</span>
      </div>
      <div className="meta">
        {failed ? (
          <>
            <span className="status error">{reason}</span>{' '}
            {(upload.error === 'network' || upload.error === 'refused') && (
              <button type="button" className="retry" onClick={() => onRetry(upload.clientMsgId)}>
                {t(locale, 'retry')}
              </button>
            )}{' '}
            <button type="button" className="retry" onClick={() => onDismiss(upload.clientMsgId)}>
              {t(locale, 'dismiss')}
            </button>
          </>
        ) : (
          <span className="status">{t(locale, 'uploading')}</span>
        )}
      </div>
    </div>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function PendingBubble({
  pending,
  locale,
  onRetry,
}: {
  pending: Outgoing;
  locale: Locale;
  onRetry: (id: string) => void;
}) {
  const failed = pending.status === 'failed';
  return (
    <div
      className={`row mine first pending${failed ? ' failed' : ''}`}
      data-testid="message"
      data-status={pending.status}
    >
      <div className="bubble">{pending.text}</div>
      <div className="meta">
        {failed ? (
          <>
            <span className="status error" title={pending.error ?? undefined}>
              {t(locale, 'failed')}
            </span>{' '}
            <button type="button" className="retry" onClick={() => onRetry(pending.clientMsgId)}>
              {t(locale, 'retry')}
            </button>
          </>
        ) : (
          <span className="status">{t(locale, pending.status === 'queued' ? 'queued' : 'sending')}</span>
        )}
      </div>
    </div>
  );
}
