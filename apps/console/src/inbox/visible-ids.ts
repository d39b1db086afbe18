import type { ConversationSummary, ConversationView } from '@livechat/protocol';
import { useShallow } from 'zustand/react/shallow';
import { useConversationsStore, type ConversationsState } from '../stores/conversations-store';
import { useSearchStore } from '../stores/search-store';
import { useUiStore } from '../stores/ui-store';

/** The ids a view shows: the live list, narrowed to one department when a filter is chosen. */
export function visibleIds(
  state: Pick<ConversationsState, 'lists' | 'byId'>,
  view: ConversationView,
  departmentId: string | null,
): string[] {
  const ids = state.lists[view].ids;
  if (departmentId === null) return ids;
  return ids.filter((id) => state.byId[id]?.department.id === departmentId);
}

const NO_RESULTS: ConversationSummary[] = [];

/** What the list shows now: search results while a search is on, else the live list. */
export function useVisibleIds(): {
  ids: string[];
  loaded: boolean;
  searching: boolean;
  results: ConversationSummary[];
} {
  const view = useUiStore((s) => s.view);
  const department = useUiStore((s) => s.departmentFilter);
  const searchText = useUiStore((s) => s.search.trim());
  const search = useSearchStore(
    useShallow((s) => ({ query: s.query, view: s.view, items: s.items, status: s.status })),
  );
  const live = useConversationsStore(useShallow((s) => visibleIds(s, view, department)));
  const loaded = useConversationsStore((s) => s.lists[view].loaded);
  if (searchText) {
    const ready = search.status === 'ready' && search.query === searchText && search.view === view;
    const items = ready
      ? search.items.filter((c) => department === null || c.department.id === department)
      : NO_RESULTS;
    return {
      ids: items.map((c) => c.id),
      loaded: ready || search.status === 'error',
      searching: true,
      results: items,
    };
  }
  return { ids: live, loaded, searching: false, results: NO_RESULTS };
}

/** The same, outside React (keyboard shortcuts). */
export function currentVisibleIds(): string[] {
  const ui = useUiStore.getState();
  const searchText = ui.search.trim();
  if (searchText) {
    const search = useSearchStore.getState();
    if (search.query !== searchText || search.view !== ui.view) return [];
    return search.items
      .filter((c) => ui.departmentFilter === null || c.department.id === ui.departmentFilter)
      .map((c) => c.id);
  }
  return visibleIds(useConversationsStore.getState(), ui.view, ui.departmentFilter);
}
