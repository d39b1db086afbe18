// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WidgetConfig, type VisitorServerFrame } from '@livechat/protocol';
import { BRIDGE_TAG, type HostToPanel, type Untagged } from '../bridge/bridge-messages';
import { listenToHost } from './host-bridge';
import { startPanelSession, type PanelSession } from './panel-session';
import { encodeOutbox } from './saved-outbox';
import { visitorConversation, welcome } from './test-frames';

/*
 * The panel's side of identify(): the loader holds it while it links the anonymous visitor to a user,
 * and waits for `held` before the server may move the visitor's conversations.
 */

const HOST = 'https://shop.test';
const CONFIG = WidgetConfig.parse({
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
});

/** The panel's WebSocket, played by the test. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: { type: string; clientMsgId?: string; text?: string }[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor() {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    const frame: unknown = JSON.parse(data);
    if (typeof frame === 'object' && frame !== null && 'type' in frame && typeof frame.type === 'string')
      this.sent.push({ ...frame, type: frame.type });
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  serve(frame: VisitorServerFrame): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  messagesSent(): string[] {
    return this.sent.flatMap((f) => (f.type === 'message.send' && f.text ? [f.text] : []));
  }
}

/** window.parent: the host page, which records what the panel posts to it. */
const host = { postMessage: vi.fn() };
const toHost = (): unknown[] => host.postMessage.mock.calls.map(([message]: unknown[]) => message);
const typesToHost = (): string[] =>
  toHost().map((m) => (typeof m === 'object' && m !== null && 'type' in m ? String(m.type) : '?'));

let stopListening: () => void = () => {};

/** The loader's init as the panel receives it (through the host bridge, which learns the origin). */
function start(over: { outbox?: string | null; hold?: boolean } = {}) {
  const box: { session: PanelSession | null } = { session: null };
  stopListening = listenToHost((message) => {
    if (box.session) return box.session.fromHost(message);
    if (message.type === 'init') box.session = startPanelSession(message, CONFIG);
  });
  fromHost({
    type: 'init',
    token: 'anon-token-1234567890',
    config: CONFIG,
    locale: null,
    open: true,
    read: null,
    outbox: over.outbox ?? null,
    hold: over.hold ?? false,
    context: { url: `${HOST}/cart`, title: 'Cart', referrer: '' },
    profile: {},
  });
  const session = box.session;
  if (!session) throw new Error('the panel did not start');
  const socket = FakeSocket.all[0];
  if (!socket) throw new Error('no socket');
  socket.open();
  socket.serve(welcome(visitorConversation()));
  return { session, socket };
}

function fromHost(message: Untagged<HostToPanel>): void {
  const event = new MessageEvent('message', { data: { ...message, tag: BRIDGE_TAG }, origin: HOST });
  Object.defineProperty(event, 'source', { value: host });
  window.dispatchEvent(event);
}

beforeEach(() => {
  FakeSocket.all = [];
  host.postMessage.mockClear();
  vi.stubGlobal('WebSocket', FakeSocket);
  Object.defineProperty(window, 'parent', { value: host, configurable: true });
});
afterEach(() => {
  stopListening();
  vi.unstubAllGlobals();
});

describe('panel session: held while identify() links the visitor', () => {
  it('answers `held` only once its message in flight is acked, after handing over what is left', () => {
    const { session, socket } = start();
    session.send('on its way');
    const inFlight = socket.sent.find((f) => f.type === 'message.send')?.clientMsgId ?? '';

    fromHost({ type: 'hold', on: true });
    session.send('written while linking');
    expect(socket.messagesSent()).toEqual(['on its way']);
    expect(typesToHost()).not.toContain('held');

    socket.serve({
      type: 'ack',
      clientMsgId: inFlight,
      conversationId: 'c1',
      messageId: 'm1',
      seq: 1,
      createdAt: 1,
    });
    const types = typesToHost();
    expect(types.filter((type) => type === 'held')).toHaveLength(1);
    // The last outbox before `held` is what the verified visitor's panel will resend.
    expect(types.lastIndexOf('outbox')).toBeLessThan(types.indexOf('held'));
    const last = toHost()[types.lastIndexOf('outbox')];
    const outbox = typeof last === 'object' && last !== null && 'outbox' in last ? last.outbox : null;
    expect(outbox).toContain('written while linking');
    expect(outbox).not.toContain('on its way');
  });

  it('a panel that starts held sends its restored messages only once released', () => {
    const outbox = encodeOutbox([
      { clientMsgId: 'saved-msg-1', text: 'from the last page', createdAt: 1, conversationId: null },
    ]);
    const { socket } = start({ outbox, hold: true });
    expect(socket.messagesSent()).toEqual([]);
    fromHost({ type: 'hold', on: false });
    expect(socket.messagesSent()).toEqual(['from the last page']);
  });
});
