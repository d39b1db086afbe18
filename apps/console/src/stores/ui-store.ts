import type { ConversationView } from '@livechat/protocol';
import { create } from 'zustand';

/** `connecting`: first connection; `online`: welcomed; `reconnecting`: lost and trying again. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

/** A short message the console shows once (a claim lost to a colleague, a failed action). */
export interface Notice {
  id: number;
  key: NoticeKey;
}
export type NoticeKey = 'alreadyClaimed' | 'capacityReached' | 'actionFailed' | 'closed';

export interface UiState {
  view: ConversationView;
  selectedId: string | null;
  connection: ConnectionStatus;
  notice: Notice | null;

  showView(view: ConversationView): void;
  select(conversationId: string | null): void;
  setConnection(connection: ConnectionStatus): void;
  notify(key: NoticeKey): void;
  dismissNotice(): void;
  reset(): void;
}

let noticeCounter = 0;

export const useUiStore = create<UiState>()((set) => ({
  view: 'queue',
  selectedId: null,
  connection: 'connecting',
  notice: null,

  showView: (view) => set({ view }),
  select: (selectedId) => set({ selectedId }),
  setConnection: (connection) => set({ connection }),
  notify: (key) => set({ notice: { id: ++noticeCounter, key } }),
  dismissNotice: () => set({ notice: null }),
  reset: () => set({ view: 'queue', selectedId: null, connection: 'connecting', notice: null }),
}));
