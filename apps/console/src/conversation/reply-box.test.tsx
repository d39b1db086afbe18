// @vitest-environment jsdom
import type { ConversationSummary } from '@livechat/protocol';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLocaleStore } from '../i18n';
import { setFrameSender } from '../realtime/outbound';
import { useCannedStore } from '../stores/canned-store';
import { useConversationsStore } from '../stores/conversations-store';
import { useSessionStore } from '../stores/session-store';
import { ME, recordFrames, summary } from '../test-support/fixtures';
import { ReplyBox } from './reply-box';

const C = 'conv-1';
let wire: ReturnType<typeof recordFrames>;

function showConversation(conversation: ConversationSummary) {
  useConversationsStore.getState().upsertConversation(conversation);
  render(<ReplyBox conversationId={C} />);
}

const mine = () => summary(C, { status: 'ACTIVE', assignee: { ...ME, avatarUrl: null } });
const textarea = () => screen.getByLabelText<HTMLTextAreaElement>('Reply');
const sent = () => wire.ofType('message.send').map(({ text, note }) => ({ text, note }));

beforeEach(() => {
  useLocaleStore.getState().setLocale('en');
  useConversationsStore.getState().reset();
  useConversationsStore.getState().setMe(ME);
  wire = recordFrames();
});

afterEach(() => {
  cleanup();
  setFrameSender(null);
});

describe('ReplyBox', () => {
  it('sends on Enter and clears the box', () => {
    showConversation(mine());
    fireEvent.change(textarea(), { target: { value: '  Hello there  ' } });
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(sent()).toEqual([{ text: 'Hello there', note: false }]);
    expect(textarea().value).toBe('');
  });

  it('keeps Shift+Enter for a new line and Enter while an IME is composing', () => {
    showConversation(mine());
    fireEvent.change(textarea(), { target: { value: '你好' } });
    fireEvent.keyDown(textarea(), { key: 'Enter', shiftKey: true });
    fireEvent.keyDown(textarea(), { key: 'Enter', isComposing: true });
    expect(sent()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(sent()).toEqual([{ text: '你好', note: false }]);
  });

  it('sends an internal note in Note mode', () => {
    showConversation(mine());
    fireEvent.click(screen.getByRole('button', { name: 'Note' }));
    fireEvent.change(textarea(), { target: { value: 'check the invoice' } });
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(sent()).toEqual([{ text: 'check the invoice', note: true }]);
  });

  it('only allows notes on a queued chat, and says why', () => {
    showConversation(summary(C, { status: 'QUEUED' }));
    expect(screen.getByRole('button', { name: 'Reply' })).toHaveProperty('disabled', true);
    expect(screen.getByText(/Claim this conversation to reply/)).toBeTruthy();
    fireEvent.change(textarea(), { target: { value: 'looks like a refund' } });
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(sent()).toEqual([{ text: 'looks like a refund', note: true }]);
  });

  it('does not send blank text', () => {
    showConversation(mine());
    fireEvent.change(textarea(), { target: { value: '   ' } });
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(sent()).toEqual([]);
  });
});

describe('ReplyBox canned responses', () => {
  it('opens on `/`, filters as you type, and inserts the chosen one with variables filled', () => {
    useCannedStore.setState({
      status: 'ready',
      items: [
        {
          id: '1',
          shortcut: 'hello',
          title: 'Greeting',
          body: 'Hi, I am {{agent.name}} from {{site.name}}!',
          departmentId: null,
          siteId: null,
        },
        {
          id: '2',
          shortcut: 'refund',
          title: 'Refunds',
          body: 'Refunds take 5 days.',
          departmentId: null,
          siteId: null,
        },
      ],
    });
    useSessionStore.setState({
      agent: {
        ...ME,
        email: 'mei@example.com',
        role: 'AGENT',
        avatarUrl: null,
        maxChats: 3,
        activeChats: 1,
        departments: [],
      },
    });
    showConversation(mine());
    fireEvent.change(textarea(), { target: { value: '/he', selectionStart: 3 } });
    const menu = screen.getByTestId('canned-menu');
    expect(menu.textContent).toContain('/hello');
    expect(menu.textContent).not.toContain('/refund');
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(textarea().value).toBe('Hi, I am Mei from Acme!');
    expect(sent()).toEqual([]); // Enter picked the response; a second Enter sends it
    fireEvent.keyDown(textarea(), { key: 'Enter' });
    expect(sent()).toEqual([{ text: 'Hi, I am Mei from Acme!', note: false }]);
  });
});
