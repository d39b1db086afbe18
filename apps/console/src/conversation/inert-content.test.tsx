// @vitest-environment jsdom
import type { ConversationDetailResponse } from '@livechat/protocol';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLocaleStore } from '../i18n';
import { setFrameSender } from '../realtime/outbound';
import { useConversationsStore } from '../stores/conversations-store';
import { useDetailsStore } from '../stores/details-store';
import { ME, message, recordFrames, summary } from '../test-support/fixtures';
import { MessageList } from './message-list';
import { VisitorPanel } from './visitor-panel';

// Issue 6: what visitors type (messages, name, attributes, the page they are on) is shown as text.
// Nothing they send becomes markup, a script or a link an agent could be tricked into clicking.

const C = 'conv-xss';
const PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';

declare global {
  interface Window {
    __pwned?: number;
  }
}

function detail(overrides: Partial<ConversationDetailResponse['visitor']> = {}): ConversationDetailResponse {
  return {
    conversation: summary(C),
    visitor: {
      id: 'visitor-1',
      name: `Eve ${PAYLOAD}`,
      email: null,
      verified: false,
      externalId: null,
      url: 'javascript:window.__pwned=3',
      title: `Shop ${PAYLOAD}`,
      referrer: null,
      userAgent: null,
      locale: null,
      timezone: null,
      attributes: { plan: PAYLOAD, [`<i>key</i>`]: 'value' },
      firstSeenAt: Date.UTC(2026, 10, 26),
      lastSeenAt: Date.UTC(2026, 10, 26),
      ...overrides,
    },
    past: [],
  };
}

beforeEach(() => {
  useLocaleStore.getState().setLocale('en');
  useConversationsStore.getState().reset();
  useConversationsStore.getState().setMe(ME);
  useDetailsStore.getState().reset();
  recordFrames();
  delete window.__pwned;
});

afterEach(() => {
  cleanup();
  setFrameSender(null);
});

/** No element a payload could have created, anywhere in what was rendered. */
function expectNoInjectedMarkup(root: HTMLElement) {
  expect(root.querySelectorAll('script, iframe, object, embed').length).toBe(0);
  expect(root.querySelector('img[src="x"]')).toBeNull();
  expect(root.querySelector('[onerror]')).toBeNull();
  expect([...root.querySelectorAll('b, i')].map((e) => e.textContent)).not.toContain('bold');
  expect(window.__pwned).toBeUndefined();
}

describe('a visitor message with HTML in it', () => {
  it('is shown as the text the visitor typed', () => {
    useConversationsStore.getState().watch(C);
    useConversationsStore.getState().receiveReplayPage({
      type: 'replay.page',
      conversationId: C,
      afterSeq: 0,
      reset: true,
      hasMore: false,
      latestSeq: 1,
      messages: [message(C, 1, { text: PAYLOAD, authorName: `Eve ${PAYLOAD}` })],
    });
    const { container } = render(<MessageList conversationId={C} />);
    const shown = within(screen.getByTestId('message-list')).getByTestId('message');
    expect(shown.textContent).toContain(PAYLOAD);
    expectNoInjectedMarkup(container);
  });
});

describe("the visitor's details", () => {
  it('show name, page title and attributes as text, and a non-web page URL as text, not a link', () => {
    useDetailsStore.setState({ byConversation: { [C]: { status: 'ready', detail: detail() } } });
    const { container } = render(<VisitorPanel conversationId={C} />);
    expect(container.textContent).toContain(`Eve ${PAYLOAD}`);
    expect(container.textContent).toContain('<i>key</i>');
    expectNoInjectedMarkup(container);
    expect(container.querySelector('a[href^="javascript:"]')).toBeNull();
    expect(container.textContent).toContain('javascript:window.__pwned=3');
  });

  it('link an http(s) page URL, opened apart from the console', () => {
    const url = 'https://shop.example/cart?x=<b>1</b>';
    useDetailsStore.setState({ byConversation: { [C]: { status: 'ready', detail: detail({ url }) } } });
    render(<VisitorPanel conversationId={C} />);
    const link = screen.getByRole('link', { name: `Shop ${PAYLOAD}` });
    expect(link.getAttribute('href')).toBe(url);
    expect(link.getAttribute('rel')).toContain('noopener');
  });
});
