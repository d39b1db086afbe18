import {
  BRIDGE_TAG,
  OUTBOX_MAX_CHARS,
  type HostToPanel,
  type PageContext,
  type PanelToHost,
  type ReadCursor,
  type Untagged,
  type VisitorProfileInput,
} from '../bridge/bridge-messages';

/*
 * The panel's side of the postMessage contract. It listens to window.parent only, learns the host
 * page's origin from the `init` message and from then on accepts and answers that origin only. Only
 * `ready` (which carries nothing) goes out before that, to '*': the panel cannot know the host yet.
 */

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

let hostOrigin: string | null = null;

export function postToHost(message: Untagged<PanelToHost>): void {
  if (window.parent === window) return;
  const target = hostOrigin ?? (message.type === 'ready' ? '*' : null);
  if (target) window.parent.postMessage({ ...message, tag: BRIDGE_TAG }, target);
}

export function listenToHost(onMessage: (message: HostToPanel) => void): () => void {
  const listener = (event: MessageEvent): void => {
    if (event.source !== window.parent || window.parent === window) return;
    if (hostOrigin !== null && event.origin !== hostOrigin) return;
    const message = readHostMessage(event.data);
    if (!message) return;
    if (message.type === 'init') hostOrigin ??= event.origin;
    onMessage(message);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

export function readHostMessage(data: unknown): HostToPanel | null {
  if (!isRecord(data) || data.tag !== BRIDGE_TAG) return null;
  const tag = BRIDGE_TAG;
  switch (data.type) {
    case 'init':
      if (typeof data.token !== 'string') return null;
      return {
        tag,
        type: 'init',
        token: data.token,
        config: data.config,
        locale: typeof data.locale === 'string' ? data.locale : null,
        open: data.open === true,
        read: readCursor(data.read),
        outbox:
          typeof data.outbox === 'string' && data.outbox.length <= OUTBOX_MAX_CHARS ? data.outbox : null,
        hold: data.hold === true,
        context: readContext(data.context),
        profile: readProfile(data.profile),
      };
    case 'visibility':
      return { tag, type: 'visibility', open: data.open === true };
    case 'locale':
      return { tag, type: 'locale', locale: typeof data.locale === 'string' ? data.locale : null };
    case 'profile':
      return { tag, type: 'profile', profile: readProfile(data.profile) };
    case 'token':
      return typeof data.token === 'string' ? { tag, type: 'token', token: data.token } : null;
    case 'hold':
      return { tag, type: 'hold', on: data.on === true };
  }
  return null;
}

function readCursor(v: unknown): ReadCursor | null {
  return isRecord(v) && typeof v.conversationId === 'string' && typeof v.seq === 'number'
    ? { conversationId: v.conversationId, seq: v.seq }
    : null;
}

function readContext(v: unknown): PageContext {
  const c = isRecord(v) ? v : {};
  return { url: str(c.url), title: str(c.title), referrer: str(c.referrer) };
}

function readProfile(v: unknown): VisitorProfileInput {
  const p = isRecord(v) ? v : {};
  const profile: VisitorProfileInput = {};
  for (const key of ['userId', 'name', 'email', 'hash'] as const) {
    if (typeof p[key] === 'string') profile[key] = p[key];
  }
  if (isRecord(p.attributes)) {
    profile.attributes = {};
    for (const [key, value] of Object.entries(p.attributes)) {
      if (typeof value === 'string') profile.attributes[key] = value;
    }
  }
  return profile;
}
