import { useEffect } from 'react';
import { useTranslate } from '../i18n';
import { selectAttentionCount } from '../stores/conversation-selectors';
import { useConversationsStore } from '../stores/conversations-store';

/** "(3) Livechat Console": missed chats show in the tab even when the console is in the background. */
export function useDocumentTitle(): void {
  const t = useTranslate();
  const count = useConversationsStore(selectAttentionCount);
  useEffect(() => {
    const title = t('app.title');
    document.title = count > 0 ? `(${count}) ${title}` : title;
    return () => {
      document.title = title; // signed out: no stale count in the tab
    };
  }, [count, t]);
}
