// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLocaleStore } from '../i18n';
import { setFrameSender } from '../realtime/outbound';
import { useConversationsStore } from '../stores/conversations-store';
import { COLLEAGUE, ME, message, recordFrames } from '../test-support/fixtures';
import { MessageList } from './message-list';

const C = 'conv-1';
const store = () => useConversationsStore.getState();
let wire: ReturnType<typeof recordFrames>;

beforeEach(() => {
  useLocaleStore.getState().setLocale('en');
  store().reset();
  store().setMe(ME);
  wire = recordFrames();
  store().watch(C);
  store().receiveReplayPage({
    type: 'replay.page',
    conversationId: C,
    afterSeq: 0,
    reset: true,
    hasMore: false,
    latestSeq: 5,
    messages: [
      message(C, 1, {
        kind: 'EVENT',
        authorKind: 'SYSTEM',
        text: '',
        event: { code: 'started', params: {} },
      }),
      message(C, 2, { text: 'Where is my order?' }),
      message(C, 3, {
        authorKind: 'AGENT',
        authorId: COLLEAGUE.id,
        authorName: COLLEAGUE.name,
        kind: 'NOTE',
        audience: 'AGENTS',
        text: 'VIP customer',
      }),
      message(C, 4, { authorKind: 'AGENT', authorId: ME.id, authorName: ME.name, text: 'Let me check.' }),
      message(C, 5, {
        kind: 'EVENT',
        authorKind: 'SYSTEM',
        text: '',
        event: { code: 'claimed', params: { agentName: COLLEAGUE.name } },
      }),
    ],
  });
});

afterEach(() => {
  cleanup();
  setFrameSender(null);
});

const shown = () => within(screen.getByTestId('message-list')).getAllByTestId('message');

describe('MessageList', () => {
  it('shows every message once, in seq order, with notes and events marked', () => {
    render(<MessageList conversationId={C} />);
    expect(shown().map((el) => el.dataset.seq)).toEqual(['1', '2', '3', '4', '5']);
    const note = shown()[2];
    expect(note?.textContent).toContain('Internal note');
    expect(note?.className).toContain('msg--note');
    expect(shown()[4]?.textContent).toContain('Colin joined the conversation');
    expect(shown()[3]?.className).toContain('msg--own');
    expect(shown()[1]?.className).toContain('msg--visitor');
    expect(screen.getAllByRole('separator')).toHaveLength(1);
  });

  it('marks my message seen once the visitor has read it', () => {
    render(<MessageList conversationId={C} />);
    expect(shown()[3]?.textContent).toContain('Sent');
    act(() =>
      store().receiveRead({ type: 'read', conversationId: C, reader: 'visitor', agentId: null, seq: 4 }),
    );
    expect(shown()[3]?.textContent).toContain('Seen');
  });

  it('renders events in the language the viewer switches to', () => {
    render(<MessageList conversationId={C} />);
    act(() => useLocaleStore.getState().setLocale('zh-CN'));
    expect(shown()[4]?.textContent).toContain('Colin 接入了会话');
    expect(shown()[2]?.textContent).toContain('内部备注');
  });

  it('shows a refused message as failed, and Retry resends it with the same id', () => {
    render(<MessageList conversationId={C} />);
    let clientMsgId = '';
    act(() => {
      clientMsgId = store().sendMessage(C, 'Are you there?', false);
    });
    expect(shown()[5]?.textContent).toContain('Sending…');
    act(() => {
      store().receiveError({
        type: 'error',
        code: 'invalid_state',
        message: 'closed',
        retryable: false,
        retryAfterMs: null,
        clientMsgId,
      });
    });
    expect(shown()[5]?.textContent).toContain('Not sent');
    wire.clear();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(wire.ofType('message.send').map((f) => f.clientMsgId)).toEqual([clientMsgId]);
    expect(shown()[5]?.textContent).toContain('Sending…');
  });
});
