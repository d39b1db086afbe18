import { claimConversation, closeConversation } from '../api/conversations-api';
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
export async function claim(conversationId: string): Promise<void> {
  try {
    const { conversation } = await claimConversation(conversationId);
    useConversationsStore.getState().upsertConversation(conversation);
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
