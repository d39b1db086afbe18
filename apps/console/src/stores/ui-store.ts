import type { ConversationView } from '@livechat/protocol';
import { create } from 'zustand';

/** `connecting`: first connection; `online`: welcomed; `reconnecting`: lost and trying again. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

/** A short message the console shows once (a claim lost to a colleague, a failed action). */
export interface Notice {
  id: number;
  key: NoticeKey;
  /** Extra detail the server gave (e.g. why an upload was refused), shown after the text. */
  detail: string | null;
}

export type NoticeKey =
  | 'alreadyClaimed'
  | 'capacityReached'
  | 'actionFailed'
  | 'closed'
  | 'transferred'
  | 'reopened'
  | 'queueEmpty'
  | 'agentUnavailable'
  | 'uploadFailed';

/** Overlays that take the keyboard while open. */
export type Overlay = 'help' | 'transfer' | null;

export interface UiState {
  view: ConversationView;
  selectedId: string | null;
  connection: ConnectionStatus;
  notice: Notice | null;
  /** Search text over the lists (visitor name, email, message text). */
  search: string;
  /** Department shown in the lists (null: every department of mine). */
  departmentFilter: string | null;
  /** Tablet width: the visitor panel is a drawer opened by a toggle. */
  detailsOpen: boolean;
  overlay: Overlay;
  showView(view: ConversationView): void;
  select(conversationId: string | null): void;
  setConnection(connection: ConnectionStatus): void;
  notify(key: NoticeKey, detail?: string | null): void;
  dismissNotice(): void;
  setSearch(search: string): void;
  setDepartmentFilter(departmentId: string | null): void;
  toggleDetails(open?: boolean): void;
  openOverlay(overlay: Overlay): void;
  reset(): void;
}

let noticeCounter = 0;

const initial = {
  view: 'queue' as ConversationView,
  selectedId: null,
  connection: 'connecting' as ConnectionStatus,
  notice: null,
  search: '',
  departmentFilter: null,
  detailsOpen: false,
  overlay: null,
};

export const useUiStore = create<UiState>()((set) => ({
  ...initial,
  showView: (view) => set({ view }),
  select: (selectedId) => set({ selectedId }),
  setConnection: (connection) => set({ connection }),
  notify: (key, detail = null) => set({ notice: { id: ++noticeCounter, key, detail } }),
  dismissNotice: () => set({ notice: null }),
  setSearch: (search) => set({ search }),
  setDepartmentFilter: (departmentFilter) => set({ departmentFilter }),
  toggleDetails: (open) => set((s) => ({ detailsOpen: open ?? !s.detailsOpen })),
  openOverlay: (overlay) => set({ overlay }),
  reset: () => set(initial),
}));
