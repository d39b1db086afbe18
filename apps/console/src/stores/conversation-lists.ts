import type {
  ConversationCounts,
  ConversationListResponse,
  ConversationSummary,
  ConversationView,
} from '@livechat/protocol';
import { belongsTo, compareIn, CONVERSATION_VIEWS, COUNTED_VIEWS } from './conversation-views';

export interface ListState {
  ids: string[];
  loaded: boolean;
}

export interface ListsState {
  byId: Record<string, ConversationSummary>;
  lists: Record<ConversationView, ListState>;
  counts: ConversationCounts;
}

export const emptyLists = (): ListsState => ({
  byId: {},
  lists: {
    queue: { ids: [], loaded: false },
    mine: { ids: [], loaded: false },
    all: { ids: [], loaded: false },
    closed: { ids: [], loaded: false },
  },
  counts: { queue: 0, mine: 0, all: 0 },
});

/**
 * Every status change is a message (claimed, closed, transferred...), so `lastSeq` works as a
 * version: a summary older than the one held is stale (a snapshot that raced a live update).
 */
const isStale = (held: ConversationSummary | undefined, incoming: ConversationSummary) =>
  held !== undefined && incoming.lastSeq < held.lastSeq;

function sortIds(view: ConversationView, ids: string[], byId: Record<string, ConversationSummary>): string[] {
  const compare = compareIn(view);
  return ids
    .map((id) => byId[id])
    .filter((c): c is ConversationSummary => c !== undefined)
    .sort(compare)
    .map((c) => c.id);
}

/** Replaces one view with a fresh snapshot (after welcome, resync, or opening the view). */
export function applySnapshot(
  state: ListsState,
  view: ConversationView,
  response: ConversationListResponse,
  myId: string | null,
): ListsState {
  const byId = { ...state.byId };
  for (const item of response.items) {
    if (!isStale(byId[item.id], item)) byId[item.id] = item;
  }
  const ids = response.items
    .map((item) => item.id)
    .filter((id) => {
      const held = byId[id];
      return held !== undefined && belongsTo(view, held, myId);
    });
  return {
    byId,
    lists: { ...state.lists, [view]: { ids: sortIds(view, ids, byId), loaded: true } },
    counts: response.counts,
  };
}

/**
 * Applies a `conversation.updated` (or a REST answer about one conversation): moves it in or out of
 * every loaded view and keeps the counts live by the difference in membership.
 */
export function applyUpsert(state: ListsState, next: ConversationSummary, myId: string | null): ListsState {
  const previous = state.byId[next.id];
  if (isStale(previous, next)) return state;
  const byId = { ...state.byId, [next.id]: next };
  const lists = { ...state.lists };
  for (const view of CONVERSATION_VIEWS) {
    const list = lists[view];
    if (!list.loaded) continue;
    const without = list.ids.filter((id) => id !== next.id);
    const ids = belongsTo(view, next, myId) ? sortIds(view, [...without, next.id], byId) : without;
    lists[view] = { ...list, ids };
  }
  const counts = { ...state.counts };
  for (const view of COUNTED_VIEWS) {
    const was = previous !== undefined && belongsTo(view, previous, myId);
    const is = belongsTo(view, next, myId);
    if (was !== is) counts[view] = Math.max(0, counts[view] + (is ? 1 : -1));
  }
  return { byId, lists, counts };
}
