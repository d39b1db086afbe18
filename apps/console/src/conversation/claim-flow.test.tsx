// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLocaleStore } from '../i18n';
import { ConversationList } from '../inbox/conversation-list';
import { setFrameSender } from '../realtime/outbound';
import { NoticeToast } from '../shell/notice-toast';
import { useConversationsStore } from '../stores/conversations-store';
import { useDetailsStore } from '../stores/details-store';
import { useUiStore } from '../stores/ui-store';
import { COLLEAGUE, ME, recordFrames, summary } from '../test-support/fixtures';
import { ConversationHeader } from './conversation-header';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderConsole() {
  render(
    <>
      <ConversationList />
      <ConversationHeader conversationId="a" />
      <NoticeToast />
    </>,
  );
}

beforeEach(() => {
  useLocaleStore.getState().setLocale('en');
  useConversationsStore.getState().reset();
  useDetailsStore.getState().reset();
  useUiStore.getState().reset();
  useConversationsStore.getState().setMe(ME);
  recordFrames();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.UTC(2026, 10, 26, 9, 3, 30));
  useConversationsStore.getState().setSnapshot('queue', {
    items: [
      summary('a', { queuedAt: Date.UTC(2026, 10, 26, 9, 0, 0) }),
      summary('b', { queuedAt: Date.UTC(2026, 10, 26, 9, 2, 0) }),
    ],
    counts: { queue: 2, mine: 0, all: 2 },
    readSeqs: {},
  });
  useUiStore.getState().select('a');
});

afterEach(() => {
  cleanup();
  setFrameSender(null);
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('claiming from the queue', () => {
  it('lists queued chats oldest first with their wait time', () => {
    renderConsole();
    const rows = screen.getAllByTestId('conversation-item');
    expect(rows.map((r) => r.dataset.conversationId)).toEqual(['a', 'b']);
    expect(rows[0]?.textContent).toContain('waiting 3 min');
    expect(rows[0]?.textContent).toContain('Visitor 1a2b');
  });

  it('says a colleague got it first, and the chat leaves the queue', async () => {
    const fetchMock = vi.fn((url: string) => {
      if (url.endsWith('/claim')) {
        return Promise.resolve(
          json(409, { error: { code: 'already_claimed', message: 'Claimed by Colin' } }),
        );
      }
      return Promise.resolve(json(404, { error: { code: 'not_found', message: 'nope' } }));
    });
    vi.stubGlobal('fetch', fetchMock);
    renderConsole();

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Claim' }));
      await vi.waitFor(() => expect(screen.getByText('Already claimed by a colleague')).toBeTruthy());
    });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/conversations/a/claim',
      expect.objectContaining({ method: 'POST' }),
    );
    expect(screen.getAllByTestId('conversation-item').map((r) => r.dataset.conversationId)).toEqual(['b']);
    expect(screen.queryByRole('button', { name: 'Claim' })).toBeNull();

    // The colleague's update arriving later changes nothing more.
    act(() =>
      useConversationsStore
        .getState()
        .upsertConversation(summary('a', { status: 'ACTIVE', assignee: COLLEAGUE, lastSeq: 2 })),
    );
    expect(useConversationsStore.getState().counts.queue).toBe(1);
    expect(screen.getByText('Assigned to Colin')).toBeTruthy();
  });

  it('moves a chat I claimed out of the queue and offers Close', async () => {
    const claimed = summary('a', { status: 'ACTIVE', assignee: { ...ME, avatarUrl: null }, lastSeq: 2 });
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json(200, { conversation: claimed }))),
    );
    renderConsole();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Claim' }));
      await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Close conversation' })).toBeTruthy());
    });
    expect(screen.getAllByTestId('conversation-item').map((r) => r.dataset.conversationId)).toEqual(['b']);
    expect(screen.getByText('Assigned to you')).toBeTruthy();
  });
});
