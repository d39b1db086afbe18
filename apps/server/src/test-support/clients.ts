import { createServer as createNetServer } from 'node:net';
import {
  PROTOCOL_VERSION,
  VisitorSessionResponse,
  WidgetConfig,
  type AgentServerFrame,
  type VisitorServerFrame,
} from '@livechat/protocol';
import WebSocket from 'ws';

/*
 * What a test does as a client of a running server, in this process or in another: REST with the
 * console's Origin, sign-in, visitor sessions, and real WebSocket clients.
 */

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type Clients = ReturnType<typeof clientsFor>;

/** Clients of the server at 127.0.0.1:`port` whose console origin is `origin`, for site `siteKey`. */
export function clientsFor(port: number, origin: string, siteKey: string) {
  const base = `http://127.0.0.1:${port}`;
  const api = async (
    method: string,
    path: string,
    opts: { cookie?: string; body?: unknown; origin?: string | null } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.cookie) headers.cookie = opts.cookie;
    const o = opts.origin === undefined ? origin : opts.origin;
    if (o) headers.origin = o;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    return { status: res.status, json, headers: res.headers };
  };

  /** Logs in and returns the session cookie ("lc_session=..."). */
  const login = async (email = ADMIN.email, password = ADMIN.password): Promise<string> => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  };

  const visitorSession = async (token: string | null = null): Promise<VisitorSessionResponse> => {
    const res = await api('POST', '/api/widget/session', { body: { siteKey: siteKey, token } });
    if (res.status !== 200) throw new Error(`visitor session failed: ${res.status}`);
    return VisitorSessionResponse.parse(res.json);
  };

  const widgetConfig = async (): Promise<WidgetConfig> => {
    const res = await api('GET', `/api/widget/config?siteKey=${siteKey}`);
    return WidgetConfig.parse(res.json);
  };

  /** A connected visitor socket that has said hello. */
  const visitor = async (token?: string, hello: { conversationId?: string; afterSeq?: number } = {}) => {
    const t = token ?? (await visitorSession()).token;
    const client = await WsClient.open<VisitorServerFrame>(`ws://127.0.0.1:${port}/ws/visitor`, { origin });
    client.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, token: t, ...hello });
    await client.next((f) => f.type === 'welcome');
    return Object.assign(client, { token: t });
  };

  /** A connected agent socket that has said hello. */
  const agentSocket = async (cookie: string) => {
    const client = await WsClient.open<AgentServerFrame>(`ws://127.0.0.1:${port}/ws/agent`, {
      origin,
      cookie,
    });
    client.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION });
    await client.next((f) => f.type === 'welcome');
    return client;
  };

  return { base, api, login, visitorSession, widgetConfig, visitor, agentSocket };
}

let counter = 0;
/** A fresh clientMsgId. */
export function cid(prefix = 'msg'): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}_${counter}`;
}

type Frame = { type: string };

/** A real WebSocket client that records every frame and lets a test wait for the next matching one. */
export class WsClient<F extends Frame> {
  readonly frames: F[] = [];
  private cursor = 0;
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      // Test code: the server is under test, so frames are trusted here and checked by assertions.
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
      this.frames.push(JSON.parse(text) as F);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.wake();
    });
  }

  static open<F extends Frame>(
    url: string,
    opts: { origin?: string; cookie?: string } = {},
  ): Promise<WsClient<F>> {
    const headers: Record<string, string> = {};
    if (opts.cookie) headers.cookie = opts.cookie;
    const ws = new WebSocket(url, { headers, ...(opts.origin ? { origin: opts.origin } : {}) });
    const client = new WsClient<F>(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (after those already taken) that matches; frames before it are skipped. */
  // 5 s rather than less: the suite runs files in parallel on small CI machines.
  async next<T extends F = F>(match: (f: F) => boolean, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.frames.length) {
        const f = this.frames[this.cursor++];
        if (f && match(f)) return f as T;
      }
      if (this.closed)
        throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for a frame; got ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Every frame received so far that matches (regardless of the cursor). */
  all<T extends F = F>(match: (f: F) => boolean): T[] {
    return this.frames.filter(match) as T[];
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  /** Drops the connection without a close handshake, as a network loss does. */
  kill(): void {
    this.ws.terminate();
  }
}
