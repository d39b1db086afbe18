import { useEffect } from 'react';
import { useTranslate, type MessageKey } from '../i18n';
import { useUiStore, type NoticeKey } from '../stores/ui-store';

const NOTICE_MS = 5000;
const noticeText: Record<NoticeKey, MessageKey> = {
  alreadyClaimed: 'notice.alreadyClaimed',
  capacityReached: 'notice.capacityReached',
  actionFailed: 'notice.actionFailed',
  closed: 'notice.closed',
  transferred: 'notice.transferred',
  reopened: 'notice.reopened',
  queueEmpty: 'notice.queueEmpty',
  agentUnavailable: 'notice.agentUnavailable',
  uploadFailed: 'notice.uploadFailed',
};

export function NoticeToast() {
  const t = useTranslate();
  const notice = useUiStore((s) => s.notice);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => useUiStore.getState().dismissNotice(), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  return (
    <div className="toast-region" role="status" aria-live="polite">
      {notice && (
        <div className="toast" key={notice.id}>
          <span>
            {t(noticeText[notice.key])}
            {notice.detail && <span className="toast__detail"> {notice.detail}</span>}
          </span>
          <button
            type="button"
            className="toast__dismiss"
            aria-label={t('notice.dismiss')}
            onClick={() => useUiStore.getState().dismissNotice()}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
