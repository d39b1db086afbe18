import type { ChatMessage } from '@livechat/protocol';
import { Fragment, useLayoutEffect, useRef } from 'react';
import { formatDay, isSameDay, useLocaleStore, useTranslate } from '../i18n';
import { useNow } from '../shell/use-now';
import { useConversationsStore } from '../stores/conversations-store';
import { emptyThread } from '../stores/thread-state';
import { useUploadsStore, type PendingUpload } from '../stores/uploads-store';
import { MessageItem, PendingItem, UploadItem, type DeliveryStatus } from './message-item';
import { useMarkRead } from './use-mark-read';

const EMPTY_THREAD = emptyThread();
const NO_UPLOADS: PendingUpload[] = [];
/** Within this many pixels of the bottom, new messages keep the view pinned to the bottom. */
const STICK_TO_BOTTOM_PX = 80;

function DaySeparator({ at }: { at: number }) {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  const now = useNow();
  return (
    <li className="day-separator" role="separator">
      <span>{formatDay(at, now, locale, t)}</span>
    </li>
  );
}

export function MessageList({ conversationId }: { conversationId: string }) {
  const t = useTranslate();
  const thread = useConversationsStore((s) => s.threads[conversationId]) ?? EMPTY_THREAD;
  const myId = useConversationsStore((s) => s.me?.id ?? null);
  const summaryReadSeq = useConversationsStore((s) => s.byId[conversationId]?.visitorReadSeq ?? 0);
  const visitorReadSeq = Math.max(thread.visitorReadSeq, summaryReadSeq);
  const uploads = useUploadsStore((s) => s.byConversation[conversationId]) ?? NO_UPLOADS;
  const scroller = useRef<HTMLDivElement>(null);
  const lastHeight = useRef({ height: 0, firstSeq: 0 });
  useMarkRead(conversationId, thread.contiguousSeq);

  const firstSeq = thread.messages[0]?.seq ?? 0;
  const itemCount = thread.messages.length + thread.pending.length + uploads.length;

  // Keep the reader where they were: pinned to the bottom for new messages, anchored when older
  // messages are prepended by scroll-back.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const previous = lastHeight.current;
    if (previous.firstSeq !== 0 && firstSeq < previous.firstSeq) {
      el.scrollTop += el.scrollHeight - previous.height;
    } else if (
      previous.height - el.scrollTop - el.clientHeight < STICK_TO_BOTTOM_PX ||
      previous.height === 0
    ) {
      el.scrollTop = el.scrollHeight;
    }
    lastHeight.current = { height: el.scrollHeight, firstSeq };
  }, [itemCount, firstSeq]);

  const ownStatus = (m: ChatMessage): DeliveryStatus | null => {
    if (m.authorKind !== 'AGENT' || m.authorId === null || m.authorId !== myId) return null;
    return (m.kind === 'TEXT' || m.kind === 'FILE') && m.seq <= visitorReadSeq ? 'seen' : 'sent';
  };

  return (
    <div
      className="messages"
      ref={scroller}
      onScroll={(event) => {
        // Scroll-back pages in by itself near the top; the button stays for keyboard users.
        if (event.currentTarget.scrollTop < 48 && thread.hasOlder && !thread.loadingOlder) {
          useConversationsStore.getState().loadOlder(conversationId);
        }
      }}
    >
      {thread.hasOlder && (
        <div className="messages__older">
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={thread.loadingOlder}
            onClick={() => useConversationsStore.getState().loadOlder(conversationId)}
          >
            {thread.loadingOlder ? t('pane.loadingOlder') : t('pane.loadOlder')}
          </button>
        </div>
      )}
      {!thread.loaded && thread.messages.length === 0 && (
        <p className="messages__loading" aria-busy="true">
          {t('pane.loadingMessages')}
        </p>
      )}
      <ol
        className="messages__list"
        data-testid="message-list"
        aria-label={t('pane.messages')}
        aria-live="polite"
        aria-relevant="additions"
      >
        {thread.messages.map((message, index) => {
          const previous = thread.messages[index - 1];
          const newDay = !previous || !isSameDay(previous.createdAt, message.createdAt);
          return (
            <Fragment key={message.seq}>
              {newDay && <DaySeparator at={message.createdAt} />}
              <MessageItem message={message} ownStatus={ownStatus(message)} />
            </Fragment>
          );
        })}
        {thread.pending.map((pending) => (
          <PendingItem key={pending.clientMsgId} pending={pending} />
        ))}
        {uploads.map((upload) => (
          <UploadItem key={upload.clientMsgId} upload={upload} />
        ))}
      </ol>
    </div>
  );
}
