import { create } from 'zustand';

const MUTE_KEY = 'livechat.console.muted';

export interface NotificationSettings {
  /** The agent muted sounds and browser notifications (saved in this browser). */
  muted: boolean;
  /** Browsers only play sound after the page got a user gesture; set on the first one. */
  unlocked: boolean;
  toggleMuted(): void;
  unlock(): void;
}

function savedMuted(): boolean {
  try {
    return globalThis.localStorage?.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

export const useNotificationSettings = create<NotificationSettings>()((set, get) => ({
  muted: savedMuted(),
  unlocked: false,
  toggleMuted: () => {
    const muted = !get().muted;
    try {
      globalThis.localStorage?.setItem(MUTE_KEY, muted ? '1' : '0');
    } catch {
      // lasts for this page only
    }
    set({ muted });
  },
  unlock: () => set({ unlocked: true }),
}));
