import { translate, useLocaleStore, visitorName } from '../i18n';
import { useUiStore } from '../stores/ui-store';
import type { Activity } from './activity';
import { playTone } from './alert-sound';
import { useNotificationSettings } from './notification-settings';

/** Asked on the first user gesture (a permission prompt needs one); never asked again once answered. */
export function requestNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  void Notification.requestPermission().catch(() => undefined);
}

/**
 * Tells the agent about something that needs them: a tone (once the page may play sound), and a
 * browser notification while the tab is hidden, which opens the conversation when clicked.
 */
export function alertAgent(activity: Activity): void {
  const settings = useNotificationSettings.getState();
  if (settings.muted) return;
  if (settings.unlocked) playTone(activity.kind);
  if (typeof document === 'undefined' || document.visibilityState !== 'hidden') return;
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const locale = useLocaleStore.getState().locale;
  const t: Parameters<typeof visitorName>[1] = (key, params) => translate(locale, key, params);
  const { conversation } = activity;
  const name = visitorName(conversation.visitor, t);
  const title =
    activity.kind === 'newChat' ? t('notify.newChat', { name }) : t('notify.newMessage', { name });
  try {
    const notification = new Notification(title, {
      body: conversation.lastMessage?.text ?? '',
      tag: `${activity.kind}-${conversation.id}`,
    });
    notification.onclick = () => {
      window.focus();
      useUiStore.getState().select(conversation.id);
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker: the sound and title still work.
  }
}
