/*
 * The reference: a bare `ws` server that answers the same frames the generator sends, with nothing
 * of the product in between (no validation, no database, no rate limit, no auth). It holds idle
 * sockets (figure 1), acks and relays messages to watchers (figures 2, 3, 8), welcomes reconnects
 * (figure 4) and settles claims in a Map (figure 6). Same machine, same run, same generator: the
 * figures of the real server are reported beside these.
 *
 * Env: PORT, HOST, REF_MAX_CHATS (claim capacity per agent, as the benchmark's agents have).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { frameText } from '../ws-text.js';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
const maxChats = Number(process.env.REF_MAX_CHATS ?? 1_000_000);

type Conversation = { id: string; seq: number; watchers: Set<WebSocket> };
const byToken = new Map<string, Conversation>();
const byId = new Map<string, Conversation>();
const claims = new Map<string, string>();
const load = new Map<string, number>();
let counter = 0;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      } catch {
        resolve(null);
      }
    });
  });
}

const field = (obj: unknown, key: string): unknown =>
  typeof obj === 'object' && obj !== null ? Reflect.get(obj, key) : undefined;

const http = createServer((req, res) => {
  void (async () => {
    const body = await readBody(req);
    const url = req.url ?? '/';
    if (req.method === 'POST' && url === '/api/widget/session') {
      return json(res, 200, { token: randomBytes(24).toString('base64url'), visitorId: `v${++counter}` });
    }
    if (req.method === 'POST' && url === '/api/auth/login') {
      const email = String(field(body, 'email'));
      return json(
        res,
        200,
        { agent: { email } },
        { 'set-cookie': `lc_session=${encodeURIComponent(email)}; Path=/` },
      );
    }
    const claim = /^\/api\/conversations\/([^/]+)\/claim$/.exec(url);
    if (req.method === 'POST' && claim) {
      const id = decodeURIComponent(claim[1] ?? '');
      const agent = /lc_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
      if (claims.has(id)) return json(res, 409, { error: { code: 'already_claimed', message: 'taken' } });
      const n = load.get(agent) ?? 0;
      if (n >= maxChats) return json(res, 409, { error: { code: 'capacity_reached', message: 'full' } });
      claims.set(id, agent);
      load.set(agent, n + 1);
      return json(res, 200, { conversation: { id, status: 'ACTIVE' } });
    }
    if (url === '/health') return json(res, 200, { status: 'ok' });
    return json(res, 404, { error: { code: 'not_found', message: url } });
  })();
});

const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const isAgent = req.url === '/ws/agent';
  let token = '';
  ws.on('message', (data) => {
    const frame: unknown = JSON.parse(frameText(data));
    switch (field(frame, 'type')) {
      case 'hello': {
        const sent = field(frame, 'token');
        token = typeof sent === 'string' ? sent : '';
        ws.send(JSON.stringify({ type: 'welcome', protocolVersion: 1, serverTime: Date.now() }));
        const conversationId = field(frame, 'conversationId');
        const c = typeof conversationId === 'string' ? byId.get(conversationId) : undefined;
        if (c) {
          const afterSeq = Number(field(frame, 'afterSeq') ?? 0);
          ws.send(
            JSON.stringify({
              type: 'replay.page',
              conversationId: c.id,
              afterSeq,
              messages: [],
              hasMore: false,
              reset: false,
              latestSeq: afterSeq,
            }),
          );
        }
        return;
      }
      case 'message.send': {
        if (isAgent) return;
        let c = byToken.get(token);
        if (!c) {
          c = { id: `c${++counter}`, seq: 0, watchers: new Set() };
          byToken.set(token, c);
          byId.set(c.id, c);
        }
        c.seq += 1;
        const clientMsgId = field(frame, 'clientMsgId');
        const now = Date.now();
        ws.send(
          JSON.stringify({
            type: 'ack',
            clientMsgId,
            conversationId: c.id,
            messageId: `m${c.seq}`,
            seq: c.seq,
            createdAt: now,
          }),
        );
        const message = JSON.stringify({
          type: 'message',
          message: {
            id: `m${c.seq}`,
            conversationId: c.id,
            seq: c.seq,
            prevSeq: c.seq - 1,
            text: field(frame, 'text'),
            clientMsgId,
            createdAt: now,
          },
        });
        for (const w of c.watchers) w.send(message);
        return;
      }
      case 'conversation.watch': {
        const id = String(field(frame, 'conversationId'));
        const c = byId.get(id);
        c?.watchers.add(ws);
        ws.send(
          JSON.stringify({
            type: 'replay.page',
            conversationId: id,
            afterSeq: 0,
            messages: [],
            hasMore: false,
            reset: true,
            latestSeq: c?.seq ?? 0,
          }),
        );
        return;
      }
      default:
        return;
    }
  });
  ws.on('close', () => {
    if (isAgent) for (const c of byId.values()) c.watchers.delete(ws);
  });
});

http.listen(port, host, () => {
  const address = http.address();
  console.log(`reference relay listening on ${typeof address === 'object' && address ? address.port : port}`);
});
process.on('SIGTERM', () => {
  for (const ws of wss.clients) ws.terminate();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
