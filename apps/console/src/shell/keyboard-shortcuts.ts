import { claim, claimNext } from '../conversation/conversation-actions';
import { currentVisibleIds } from '../inbox/visible-ids';
import { useConversationsStore } from '../stores/conversations-store';
import { useUiStore } from '../stores/ui-store';
import { CONVERSATION_VIEWS } from '../stores/conversation-views';

/** Where `j`/`k` land: the next or previous row of the visible list (wrapping is not helpful here). */
export function stepSelection(
  ids: readonly string[],
  selectedId: string | null,
  step: 1 | -1,
): string | null {
  if (ids.length === 0) return null;
  const at = selectedId === null ? -1 : ids.indexOf(selectedId);
  if (at === -1) return step === 1 ? (ids[0] ?? null) : (ids[ids.length - 1] ?? null);
  const next = Math.min(ids.length - 1, Math.max(0, at + step));
  return ids[next] ?? null;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

function focusRow(id: string): void {
  requestAnimationFrame(() => {
    const row = document.querySelector<HTMLElement>(`[data-conversation-id="${CSS.escape(id)}"]`);
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  });
}

/**
 * The console's single-key shortcuts (Gmail style). They never fire while the agent types in a
 * field, and never with Ctrl/Cmd/Alt (the browser's shortcuts stay the browser's).
 *   j / ArrowDown, k / ArrowUp  move in the list     c  claim the open chat    n  claim next
 *   r  reply box    /  search    t  transfer    1-4  views    ?  this help    Esc  close overlays
 */
export function handleShortcut(event: KeyboardEvent): boolean {
  const ui = useUiStore.getState();
  if (event.key === 'Escape' && ui.overlay === 'help') {
    ui.openOverlay(null);
    return true;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || ui.overlay !== null)
    return false;
  switch (event.key) {
    case 'j':
    case 'ArrowDown':
    case 'k':
    case 'ArrowUp': {
      const step = event.key === 'j' || event.key === 'ArrowDown' ? 1 : -1;
      const next = stepSelection(currentVisibleIds(), ui.selectedId, step);
      if (next) {
        ui.select(next);
        focusRow(next);
      }
      return true;
    }
    case 'c': {
      const id = ui.selectedId;
      const conversation = id ? useConversationsStore.getState().byId[id] : undefined;
      if (id && conversation?.status === 'QUEUED') void claim(id);
      return true;
    }
    case 'n':
      void claimNext();
      return true;
    case 'r':
      document.querySelector<HTMLTextAreaElement>('textarea[data-composer]')?.focus();
      return true;
    case '/':
      document.querySelector<HTMLInputElement>('[data-shortcut-target="search"]')?.focus();
      return true;
    case 't':
      if (ui.selectedId) ui.openOverlay('transfer');
      return true;
    case '?':
      ui.openOverlay('help');
      return true;
    case '1':
    case '2':
    case '3':
    case '4': {
      const view = CONVERSATION_VIEWS[Number(event.key) - 1];
      if (view) ui.showView(view);
      return true;
    }
    default:
      return false;
  }
}

export function startKeyboardShortcuts(): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    if (handleShortcut(event)) event.preventDefault();
  };
  document.addEventListener('keydown', onKeyDown);
  return () => document.removeEventListener('keydown', onKeyDown);
}
