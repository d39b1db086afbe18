import { useEffect } from 'react';
import { useTranslate } from '../i18n';
import { setFaviconBadge } from '../notifications/favicon-badge';
import { selectAttentionCount } from '../stores/conversation-selectors';
import { useConversationsStore } from '../stores/conversations-store';

/**
 * "(3) Livechat Console" and a badge on the favicon: missed chats show in the tab even when the
 * console is in the background.
 */
export function useDocumentTitle(): void {
  const t = useTranslate();
  const count = useConversationsStore(selectAttentionCount);
  useEffect(() => {
    const title = t('app.title');
    document.title = count > 0 ? `(${count}) ${title}` : title;
    setFaviconBadge(count);
    return () => {
      document.title = title; // signed out: no stale count in the tab
      setFaviconBadge(0);
    };
  }, [count, t]);
}
