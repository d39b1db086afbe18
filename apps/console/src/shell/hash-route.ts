import { ConversationView } from '@livechat/protocol';
import { useUiStore } from '../stores/ui-store';

/**
 * Keeps the view and the open conversation in the URL hash (#/mine/<id>), so a reload or a shared
 * link opens the same place. A hash needs nothing from the server's routing.
 */
export function readHashRoute(hash: string): { view: ConversationView; selectedId: string | null } | null {
  const [, rawView, rawId] = hash.replace(/^#/, '').split('/');
  const view = ConversationView.safeParse(rawView);
  if (!view.success) return null;
  return { view: view.data, selectedId: rawId ? decodeURIComponent(rawId) : null };
}

export function syncHashRoute(): () => void {
  const initial = readHashRoute(window.location.hash);
  if (initial) {
    useUiStore.getState().showView(initial.view);
    useUiStore.getState().select(initial.selectedId);
  }
  return useUiStore.subscribe((state, previous) => {
    if (state.view === previous.view && state.selectedId === previous.selectedId) return;
    const hash = `#/${state.view}${state.selectedId ? `/${encodeURIComponent(state.selectedId)}` : ''}`;
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  });
}
