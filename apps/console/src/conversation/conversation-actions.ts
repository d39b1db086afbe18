import type { TransferBody } from '@livechat/protocol';
import {
  claimConversation,
  closeConversation,
  reopenConversation,
  transferConversation,
} from '../api/conversations-api';
import { ApiRequestError } from '../api/http-client';
import { useConversationsStore } from '../stores/conversations-store';
import { useDetailsStore } from '../stores/details-store';
import { useSessionStore } from '../stores/session-store';
import { useUiStore } from '../stores/ui-store';

/** Opens a conversation in the pane: watch its stream and load the visitor beside it. */
export function openConversation(conversationId: string | null): void {
  useUiStore.getState().select(conversationId);
}

/** Runs whenever the selection changes (also from the URL at start). */
export function showSelectedConversation(conversationId: string | null): void {
  useConversationsStore.getState().watch(conversationId);
  if (conversationId) void refreshDetail(conversationId);
}

async function refreshDetail(conversationId: string): Promise<void> {
  const detail = await useDetailsStore.getState().load(conversationId);
  if (detail) useConversationsStore.getState().upsertConversation(detail.conversation);
}

function handleActionError(error: unknown): void {
  if (error instanceof ApiRequestError && error.status === 401) {
    useSessionStore.getState().expire();
    return;
  }
  useUiStore.getState().notify('actionFailed');
}

/**
 * Claims a queued conversation. Exactly one agent wins (DESIGN.md 6); the loser sees a plain notice
 * and the chat leaves the queue at once (the colleague's `conversation.updated` confirms it).
 */
export async function claim(conversationId: string): Promise<boolean> {
  try {
    const { conversation } = await claimConversation(conversationId);
    useConversationsStore.getState().upsertConversation(conversation);
    return true;
  } catch (error) {
    if (error instanceof ApiRequestError && error.code === 'already_claimed') {
      useConversationsStore.getState().markClaimedElsewhere(conversationId);
      useUiStore.getState().notify('alreadyClaimed');
      void refreshDetail(conversationId);
    } else if (error instanceof ApiRequestError && error.code === 'capacity_reached') {
      useUiStore.getState().notify('capacityReached');
    } else {
      handleActionError(error);
    }
    return false;
  }
}

/** The queue's oldest chat (of the department shown, if one is chosen) that is not already open here. */
export function nextQueued(departmentId: string | null): string | null {
  const { lists, byId } = useConversationsStore.getState();
  for (const id of lists.queue.ids) {
    const c = byId[id];
    if (c && c.status === 'QUEUED' && (departmentId === null || c.department.id === departmentId)) return id;
  }
  return null;
}

/**
 * "Claim next": the oldest waiting chat. If a colleague takes it in the same instant, the next one
 * is tried (a few times), so one key press gets the agent a chat whenever one is waiting.
 */
export async function claimNext(): Promise<void> {
  const ui = useUiStore.getState();
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = nextQueued(ui.departmentFilter);
    if (!id) {
      if (attempt === 0) ui.notify('queueEmpty');
      return;
    }
    ui.select(id);
    try {
      const { conversation } = await claimConversation(id);
      useConversationsStore.getState().upsertConversation(conversation);
      ui.showView('mine');
      return;
    } catch (error) {
      if (error instanceof ApiRequestError && error.code === 'already_claimed') {
        useConversationsStore.getState().markClaimedElsewhere(id);
        continue;
      }
      if (error instanceof ApiRequestError && error.code === 'capacity_reached') {
        ui.notify('capacityReached');
      } else {
        handleActionError(error);
      }
      return;
    }
  }
  ui.notify('alreadyClaimed');
}

export async function transfer(conversationId: string, body: TransferBody): Promise<boolean> {
  try {
    const { conversation } = await transferConversation(conversationId, body);
    useConversationsStore.getState().upsertConversation(conversation);
    useUiStore.getState().notify('transferred');
    return true;
  } catch (error) {
    if (error instanceof ApiRequestError && error.code === 'capacity_reached') {
      useUiStore.getState().notify('agentUnavailable', error.message);
    } else if (
      error instanceof ApiRequestError &&
      (error.code === 'invalid_state' || error.code === 'forbidden')
    ) {
      useUiStore.getState().notify('agentUnavailable', error.message);
    } else {
      handleActionError(error);
    }
    return false;
  }
}

export async function reopen(conversationId: string): Promise<void> {
  try {
    const { conversation } = await reopenConversation(conversationId);
    useConversationsStore.getState().upsertConversation(conversation);
    useUiStore.getState().notify('reopened');
  } catch (error) {
    if (error instanceof ApiRequestError && error.code === 'capacity_reached') {
      useUiStore.getState().notify('capacityReached');
    } else if (error instanceof ApiRequestError && error.code === 'invalid_state') {
      useUiStore.getState().notify('agentUnavailable', error.message);
    } else {
      handleActionError(error);
    }
  }
}

export async function close(conversationId: string): Promise<void> {
  try {
    const { conversation } = await closeConversation(conversationId);
    useConversationsStore.getState().upsertConversation(conversation);
    useUiStore.getState().notify('closed');
  } catch (error) {
    handleActionError(error);
  }
}
