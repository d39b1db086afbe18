// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_TAG, OUTBOX_MAX_CHARS } from '../bridge/bridge-messages';
import { HOLD_MS, startLoader } from './loader';

const SERVER = 'https://chat.example.com';
const CONFIG = {
  siteId: 's1',
  siteKey: 'KEY',
  name: 'Acme',
  color: '#ffd400',
  position: 'right',
  launcherText: 'Chat with us',
  greeting: 'Hi!',
  locale: 'en',
  departments: [],
  defaultDepartmentId: null,
  preChat: { enabled: false, nameRequired: false, emailRequired: false, askDepartment: false },
  online: true,
};

type Answer = { status: number; body: unknown };
const json = ({ status, body }: Answer): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function setup(session: Answer = { status: 200, body: { token: 'visitor-token-123456', visitorId: 'v1' } }) {
  const fetchMock = vi.fn((input: RequestInfo | URL, _init?: RequestInit) =>
    Promise.resolve(
      json(urlOf(input).includes('/api/widget/config') ? { status: 200, body: CONFIG } : session),
    ),
  );
  startLoader(window, fetchMock);
  return fetchMock;
}

const urlOf = (input: RequestInfo | URL | undefined): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : (input?.url ?? '');
const bodyOf = (init: RequestInit | undefined): unknown =>
  typeof init?.body === 'string' ? JSON.parse(init.body) : null;

/** Lets the loader's promise chains (fetch, json) settle. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
};

const shadow = (): ShadowRoot => {
  const root = document.querySelector('livechat-widget')?.shadowRoot;
  if (!root) throw new Error('no widget drawn');
  return root;
};
const launcher = (): HTMLButtonElement => {
  const button = shadow().querySelector('button');
  if (!button) throw new Error('no launcher');
  return button;
};
const frame = (): HTMLIFrameElement | null => shadow().querySelector('iframe');

/**
 * jsdom gives an iframe in a shadow tree no browsing context, so the test gives it a window double
 * and dispatches the panel's messages as coming from it.
 */
const panelWindows = new WeakMap<HTMLIFrameElement, { postMessage: ReturnType<typeof vi.fn> }>();
function panelWindow(): { postMessage: ReturnType<typeof vi.fn> } {
  const iframe = frame();
  if (!iframe) throw new Error('no frame');
  let fake = panelWindows.get(iframe);
  if (!fake) {
    fake = { postMessage: vi.fn() };
    panelWindows.set(iframe, fake);
    Object.defineProperty(iframe, 'contentWindow', { value: fake, configurable: true });
  }
  return fake;
}

function fromPanel(data: unknown, origin = SERVER): void {
  const event = new MessageEvent('message', { data, origin });
  Object.defineProperty(event, 'source', { value: panelWindow() });
  window.dispatchEvent(event);
}

beforeEach(() => {
  document.body.innerHTML = '';
  const script = document.createElement('script');
  script.src = `${SERVER}/widget.js`;
  script.dataset.siteKey = 'KEY';
  document.head.replaceChildren(script);
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(() => {
  delete window.LiveChat;
});

describe('loader', () => {
  it('defines exactly one global, window.LiveChat', async () => {
    const before = new Set(Object.getOwnPropertyNames(window));
    setup();
    await settle();
    const added = Object.getOwnPropertyNames(window).filter((name) => !before.has(name));
    expect(added).toEqual(['LiveChat']);
    expect(Object.keys(window.LiveChat ?? {}).sort()).toEqual(
      ['close', 'identify', 'off', 'on', 'open', 'setAttributes', 'setLocale', 'shutdown', 'toggle'].sort(),
    );
  });

  it('draws the launcher from the config and writes nothing before the visitor interacts', async () => {
    const fetchMock = setup();
    const ready = vi.fn();
    window.LiveChat?.on('ready', ready);
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(urlOf(fetchMock.mock.calls[0]?.[0])).toBe(`${SERVER}/api/widget/config?siteKey=KEY`);
    expect(ready).toHaveBeenCalledOnce();
    expect(launcher().getAttribute('aria-label')).toBe('Open chat');
    expect(frame()).toBeNull();
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(document.cookie).toBe('');
  });

  it('on the first click asks for a session, stores the token and opens the panel without it in the URL', async () => {
    const fetchMock = setup();
    const opened = vi.fn();
    window.LiveChat?.on('open', opened);
    await settle();
    launcher().click();
    await settle();

    const [url, init] = fetchMock.mock.calls[1] ?? [];
    expect(urlOf(url)).toBe(`${SERVER}/api/widget/session`);
    expect(init?.method).toBe('POST');
    expect(init?.mode).toBe('cors');
    expect(bodyOf(init)).toEqual({ siteKey: 'KEY', token: null });

    expect(JSON.parse(localStorage.getItem('livechat:KEY') ?? 'null')).toMatchObject({
      token: 'visitor-token-123456',
      open: true,
    });
    expect(frame()?.title).toBe('Chat');
    expect(frame()?.src).toBe(`${SERVER}/widget/index.html?siteKey=KEY`);
    expect(opened).toHaveBeenCalledOnce();
    expect(launcher().getAttribute('aria-expanded')).toBe('true');
  });

  it('hands the token to the panel by postMessage pinned to the server origin, only when the frame asks', async () => {
    setup();
    await settle();
    window.LiveChat?.open();
    await settle();
    const post = panelWindow().postMessage;

    fromPanel({ tag: BRIDGE_TAG, type: 'ready' }, 'https://evil.example');
    expect(post).not.toHaveBeenCalled();

    fromPanel({ tag: BRIDGE_TAG, type: 'ready' });
    expect(post).toHaveBeenCalledWith(
      expect.objectContaining({
        tag: BRIDGE_TAG,
        type: 'init',
        token: 'visitor-token-123456',
        config: CONFIG,
        open: true,
      }),
      SERVER,
    );
  });

  it('refuses gracefully when the server does not allow this origin (403)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    setup({ status: 403, body: { error: { code: 'forbidden', message: 'Origin not allowed' } } });
    await settle();
    launcher().click();
    await settle();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/not allowed.*allowed origins/));
    expect(frame()).toBeNull();
    expect(localStorage.getItem('livechat:KEY')).toBeNull();
    expect(launcher().getAttribute('aria-label')).toBe('Open chat');
  });

  it('loads the panel hidden at once when a conversation is going, and shows unread replies on the launcher', async () => {
    localStorage.setItem(
      'livechat:KEY',
      JSON.stringify({ token: 'visitor-token-123456', open: false, read: null }),
    );
    const fetchMock = setup();
    const unread = vi.fn();
    window.LiveChat?.on('unread', unread);
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1); // no session request: the stored token is used
    expect(frame()).not.toBeNull();
    expect(launcher().getAttribute('aria-expanded')).toBe('false');

    fromPanel({ tag: BRIDGE_TAG, type: 'unread', count: 2, label: '(2) New message' });
    expect(shadow().querySelector('.b')?.textContent).toBe('2');
    expect(unread).toHaveBeenCalledWith(2);
  });

  it('forwards new messages to `message` listeners, and stops after off()', async () => {
    localStorage.setItem(
      'livechat:KEY',
      JSON.stringify({ token: 'visitor-token-123456', open: false, read: null }),
    );
    setup();
    await settle();
    const listener = vi.fn();
    window.LiveChat?.on('message', listener);
    const message = {
      conversationId: 'c1',
      seq: 3,
      from: 'agent',
      authorName: 'Alice',
      text: 'Hi',
      createdAt: 1,
    };
    fromPanel({ tag: BRIDGE_TAG, type: 'message', message });
    expect(listener).toHaveBeenCalledWith(message);
    window.LiveChat?.off('message', listener);
    fromPanel({ tag: BRIDGE_TAG, type: 'message', message });
    expect(listener).toHaveBeenCalledOnce();
  });

  it('shutdown() forgets the visitor: entry cleared, panel removed, next open starts a new session', async () => {
    localStorage.setItem(
      'livechat:KEY',
      JSON.stringify({ token: 'old-token-1234567890', open: true, read: null }),
    );
    const fetchMock = setup();
    await settle();
    expect(frame()).not.toBeNull();
    window.LiveChat?.shutdown();
    expect(localStorage.getItem('livechat:KEY')).toBeNull();
    expect(frame()).toBeNull();

    window.LiveChat?.open();
    await settle();
    expect(bodyOf(fetchMock.mock.calls[1]?.[1])).toEqual({ siteKey: 'KEY', token: null });
  });

  describe("the panel's unsent messages", () => {
    const OUTBOX = JSON.stringify([{ clientMsgId: 'client-msg-1', text: 'hi', createdAt: 1 }]);
    const KEY = 'livechat:KEY:outbox';
    const storeVisitor = (uid?: string): void =>
      localStorage.setItem(
        'livechat:KEY',
        JSON.stringify({ token: 'visitor-token-123456', open: true, read: null, uid }),
      );
    /** The init the panel gets after saying ready. */
    const initOf = (): unknown => {
      fromPanel({ tag: BRIDGE_TAG, type: 'ready' });
      const calls = panelWindow().postMessage.mock.calls.map(([message]: unknown[]) => message);
      return calls.find((m) => typeof m === 'object' && m !== null && 'type' in m && m.type === 'init');
    };

    it("are kept in this tab's sessionStorage and handed to the panel of the next page", async () => {
      storeVisitor();
      setup();
      await settle();
      expect(initOf()).toMatchObject({ type: 'init', outbox: null });
      const visitorEntry = localStorage.getItem('livechat:KEY');

      fromPanel({ tag: BRIDGE_TAG, type: 'outbox', outbox: OUTBOX });
      expect(sessionStorage.getItem(KEY)).toBe(OUTBOX);
      expect(localStorage.getItem('livechat:KEY')).toBe(visitorEntry);
      // Not a string, or over the limit: refused, the kept one stays.
      fromPanel({ tag: BRIDGE_TAG, type: 'outbox', outbox: 42 });
      fromPanel({ tag: BRIDGE_TAG, type: 'outbox', outbox: 'x'.repeat(OUTBOX_MAX_CHARS + 1) });
      expect(sessionStorage.getItem(KEY)).toBe(OUTBOX);

      // The next page of the site in this tab.
      delete window.LiveChat;
      document.body.innerHTML = '';
      setup();
      await settle();
      expect(initOf()).toMatchObject({ type: 'init', outbox: OUTBOX });

      // Everything was acked: the entry goes.
      fromPanel({ tag: BRIDGE_TAG, type: 'outbox', outbox: null });
      expect(sessionStorage.getItem(KEY)).toBeNull();
    });

    it('are forgotten by shutdown()', async () => {
      storeVisitor();
      sessionStorage.setItem(KEY, OUTBOX);
      setup();
      await settle();
      window.LiveChat?.shutdown();
      expect(sessionStorage.getItem(KEY)).toBeNull();
    });

    it('are forgotten when another visitor takes over (identify() with another user), never sent as them', async () => {
      storeVisitor('alice');
      sessionStorage.setItem(KEY, OUTBOX);
      const fetchMock = vi.fn((input: RequestInfo | URL) =>
        Promise.resolve(
          json(
            urlOf(input).includes('/api/widget/config')
              ? { status: 200, body: CONFIG }
              : { status: 200, body: { token: 'bob-token-1234567890', visitorId: 'v2', verified: true } },
          ),
        ),
      );
      startLoader(window, fetchMock);
      window.LiveChat?.identify({ userId: 'bob', hash: 'bobhash' });
      await settle();
      expect(sessionStorage.getItem(KEY)).toBeNull();
      expect(initOf()).toMatchObject({ type: 'init', token: 'bob-token-1234567890', outbox: null });
    });

    /** A server that links: each session request answers the verified user's token. */
    function linkingSetup(answer: () => Promise<Response> = () => Promise.resolve(userSession())) {
      const fetchMock = vi.fn((input: RequestInfo | URL, _init?: RequestInit) =>
        urlOf(input).includes('/api/widget/config')
          ? Promise.resolve(json({ status: 200, body: CONFIG }))
          : answer(),
      );
      startLoader(window, fetchMock);
      return fetchMock;
    }
    const userSession = (): Response =>
      json({ status: 200, body: { token: 'user-token-1234567890', visitorId: 'v2', verified: true } });
    const sessionCalls = (fetchMock: ReturnType<typeof linkingSetup>) =>
      fetchMock.mock.calls.filter(([url]) => urlOf(url).includes('/api/widget/session'));
    /** What the loader posted to the current panel, by type. */
    const posted = (type: string): unknown[] =>
      panelWindow()
        .postMessage.mock.calls.map(([message]: unknown[]) => message)
        .filter((m) => typeof m === 'object' && m !== null && 'type' in m && m.type === type);

    it('go with an anonymous visitor who identifies: the panel is held, then the verified visitor’s panel resends them', async () => {
      storeVisitor();
      const fetchMock = linkingSetup();
      await settle();
      expect(initOf()).toMatchObject({ type: 'init', hold: false });
      const anonymousFrame = frame();

      window.LiveChat?.identify({ userId: 'u-42', hash: 'abc123' });
      await settle();
      // Nothing is linked while the panel may still have a message on its way as the anonymous visitor.
      expect(posted('hold')).toEqual([{ tag: BRIDGE_TAG, type: 'hold', on: true }]);
      expect(sessionCalls(fetchMock)).toHaveLength(0);

      // The ack came; what is left (and what the visitor wrote meanwhile) is handed over, then `held`.
      fromPanel({ tag: BRIDGE_TAG, type: 'outbox', outbox: OUTBOX });
      fromPanel({ tag: BRIDGE_TAG, type: 'held' });
      await settle();
      expect(bodyOf(sessionCalls(fetchMock)[0]?.[1])).toMatchObject({ token: 'visitor-token-123456' });
      expect(frame()).not.toBe(anonymousFrame);
      expect(sessionStorage.getItem(KEY)).toBe(OUTBOX);
      expect(initOf()).toMatchObject({
        type: 'init',
        token: 'user-token-1234567890',
        outbox: OUTBOX,
        hold: false,
      });

      // The same user again (every page calls identify()): no hold, no request, nothing dropped.
      const userFrame = frame();
      window.LiveChat?.identify({ userId: 'u-42', hash: 'abc123' });
      await settle();
      expect(posted('hold')).toEqual([]);
      expect(sessionCalls(fetchMock)).toHaveLength(1);
      expect(frame()).toBe(userFrame);
      expect(sessionStorage.getItem(KEY)).toBe(OUTBOX);
    });

    it('written on an earlier page go to the verified visitor when identify() comes before the panel starts', async () => {
      storeVisitor();
      sessionStorage.setItem(KEY, OUTBOX);
      linkingSetup();
      window.LiveChat?.identify({ userId: 'u-42', hash: 'abc123' });
      await settle();
      expect(initOf()).toMatchObject({ type: 'init', token: 'user-token-1234567890', outbox: OUTBOX });
      expect(sessionStorage.getItem(KEY)).toBe(OUTBOX);
    });

    it('stay with a panel that starts while identify() is linking: it starts held, and is released if the link fails', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      storeVisitor();
      sessionStorage.setItem(KEY, OUTBOX);
      let answer: (response: Response) => void = () => {};
      const fetchMock = linkingSetup(() => new Promise((resolve) => (answer = resolve)));
      await settle();
      // The frame is there but has not said ready yet when identify() starts linking.
      window.LiveChat?.identify({ userId: 'u-42', hash: 'abc123' });
      await settle();
      expect(sessionCalls(fetchMock)).toHaveLength(1);
      expect(initOf()).toMatchObject({ token: 'visitor-token-123456', outbox: OUTBOX, hold: true });

      answer(json({ status: 503, body: { error: { code: 'unavailable', message: 'down' } } }));
      await settle();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not start a chat session'));
      expect(posted('hold')).toEqual([{ tag: BRIDGE_TAG, type: 'hold', on: false }]);
      expect(sessionStorage.getItem(KEY)).toBe(OUTBOX);
    });

    it('wait for a link that failed offline: it is tried again, panel held first, when the network is back', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      storeVisitor();
      let online = false;
      const fetchMock = linkingSetup(() =>
        online ? Promise.resolve(userSession()) : Promise.reject(new TypeError('Failed to fetch')),
      );
      await settle();
      initOf();
      fromPanel({ tag: BRIDGE_TAG, type: 'outbox', outbox: OUTBOX });
      window.LiveChat?.identify({ userId: 'u-42', hash: 'abc123' });
      await settle();
      fromPanel({ tag: BRIDGE_TAG, type: 'held' });
      await settle();
      expect(sessionCalls(fetchMock)).toHaveLength(1);
      expect(posted('hold')).toEqual([
        { tag: BRIDGE_TAG, type: 'hold', on: true },
        { tag: BRIDGE_TAG, type: 'hold', on: false },
      ]);

      online = true;
      window.dispatchEvent(new Event('online'));
      await settle();
      expect(posted('hold')).toHaveLength(3);
      expect(sessionCalls(fetchMock)).toHaveLength(1);
      fromPanel({ tag: BRIDGE_TAG, type: 'held' });
      await settle();
      expect(sessionCalls(fetchMock)).toHaveLength(2);
      expect(initOf()).toMatchObject({ token: 'user-token-1234567890', outbox: OUTBOX });
    });

    it(`wait at most ${HOLD_MS} ms for a panel that does not answer`, async () => {
      storeVisitor();
      const fetchMock = linkingSetup();
      await settle();
      initOf();
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      try {
        window.LiveChat?.identify({ userId: 'u-42', hash: 'abc123' });
        await vi.advanceTimersByTimeAsync(HOLD_MS - 1);
        expect(sessionCalls(fetchMock)).toHaveLength(0);
        await vi.advanceTimersByTimeAsync(1);
      } finally {
        vi.useRealTimers();
      }
      await settle();
      expect(sessionCalls(fetchMock)).toHaveLength(1);
      expect(initOf()).toMatchObject({ token: 'user-token-1234567890' });
    });

    it('are forgotten by shutdown() during identify(), and so is the session that answers after it', async () => {
      storeVisitor();
      let answer: (response: Response) => void = () => {};
      linkingSetup(() => new Promise((resolve) => (answer = resolve)));
      await settle();
      initOf();
      fromPanel({ tag: BRIDGE_TAG, type: 'outbox', outbox: OUTBOX });
      window.LiveChat?.identify({ userId: 'u-42', hash: 'abc123' });
      await settle();
      fromPanel({ tag: BRIDGE_TAG, type: 'held' });
      await settle();

      window.LiveChat?.shutdown();
      answer(userSession());
      await settle();
      expect(localStorage.getItem('livechat:KEY')).toBeNull();
      expect(sessionStorage.getItem(KEY)).toBeNull();
      expect(frame()).toBeNull();
    });
  });

  it('does nothing but warn when included twice', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    setup();
    const first = window.LiveChat;
    setup();
    await settle();
    expect(window.LiveChat).toBe(first);
    expect(document.querySelectorAll('livechat-widget')).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('twice'));
  });

  describe('identify()', () => {
    /** A server that answers each session request with the next token (and verified when a hash came). */
    function identitySetup(tokens: string[]) {
      const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
        if (urlOf(input).includes('/api/widget/config'))
          return Promise.resolve(json({ status: 200, body: CONFIG }));
        const body = bodyOf(init);
        const identity =
          typeof body === 'object' && body !== null && 'identity' in body ? body.identity : null;
        const verified = typeof identity === 'object' && identity !== null && 'hash' in identity;
        const token = tokens.shift() ?? 'token-exhausted-000000';
        return Promise.resolve(json({ status: 200, body: { token, visitorId: token, verified } }));
      });
      startLoader(window, fetchMock);
      return fetchMock;
    }

    it('sends the identity with the first session request, and nothing before the visitor interacts', async () => {
      const fetchMock = identitySetup(['user-token-1234567890']);
      await settle();
      window.LiveChat?.identify({ userId: 'u-42', name: 'Ada', email: 'ada@example.com', hash: 'abc123' });
      await settle();
      expect(fetchMock).toHaveBeenCalledTimes(1);
      expect(localStorage.length).toBe(0);

      launcher().click();
      await settle();
      expect(bodyOf(fetchMock.mock.calls[1]?.[1])).toEqual({
        siteKey: 'KEY',
        token: null,
        identity: { userId: 'u-42', name: 'Ada', email: 'ada@example.com', hash: 'abc123' },
      });
      expect(JSON.parse(localStorage.getItem('livechat:KEY') ?? 'null')).toMatchObject({
        token: 'user-token-1234567890',
        uid: 'u-42',
      });
    });

    it('an anonymous visitor who identifies keeps the token for the server to link, and the panel restarts on the new one', async () => {
      const fetchMock = identitySetup(['anon-token-1234567890', 'user-token-1234567890']);
      await settle();
      launcher().click();
      await settle();
      const firstFrame = frame();
      fromPanel({ tag: BRIDGE_TAG, type: 'ready' });

      window.LiveChat?.identify({ userId: 'u-42', hash: 'abc123' });
      await settle();
      // The panel settles what it has in flight first (see 'the panel's unsent messages').
      fromPanel({ tag: BRIDGE_TAG, type: 'held' });
      await settle();
      expect(bodyOf(fetchMock.mock.calls[2]?.[1])).toEqual({
        siteKey: 'KEY',
        token: 'anon-token-1234567890',
        identity: { userId: 'u-42', hash: 'abc123' },
      });
      expect(frame()).not.toBe(firstFrame);
      expect(frame()).not.toBeNull();
      expect(JSON.parse(localStorage.getItem('livechat:KEY') ?? 'null')).toMatchObject({
        token: 'user-token-1234567890',
        uid: 'u-42',
      });

      // The same user again (every page load calls identify): no new request.
      window.LiveChat?.identify({ userId: 'u-42', hash: 'abc123' });
      await settle();
      expect(fetchMock).toHaveBeenCalledTimes(3);
    });

    it("never carries one user's token into another user's session", async () => {
      localStorage.setItem(
        'livechat:KEY',
        JSON.stringify({ token: 'alice-token-1234567890', open: false, read: null, uid: 'alice' }),
      );
      const fetchMock = identitySetup(['bob-token-1234567890']);
      window.LiveChat?.identify({ userId: 'bob', hash: 'bobhash' });
      await settle();
      const sessionCall = fetchMock.mock.calls.find(([url]) => urlOf(url).includes('/api/widget/session'));
      expect(bodyOf(sessionCall?.[1])).toEqual({
        siteKey: 'KEY',
        token: null,
        identity: { userId: 'bob', hash: 'bobhash' },
      });
      expect(JSON.parse(localStorage.getItem('livechat:KEY') ?? 'null')).toMatchObject({
        token: 'bob-token-1234567890',
        uid: 'bob',
      });
    });
  });
});
