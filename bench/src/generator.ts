/*
 * The load generator: a separate process (forked by run.ts) so that its CPU is not the server's.
 * It speaks the real wire protocol (frames typed by @livechat/protocol) to either the real server or
 * the bare `ws` reference relay; the code path is the same for both, which is what makes the
 * reference a reference. Every loop here is bounded by a count and a deadline.
 *
 * Frames received are read with `pick` instead of a zod parse: the server is what is measured, and
 * a full parse of ~30 k frames/s would make the generator, not the server, the bottleneck.
 */
import { Agent as HttpAgent } from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  LIMITS,
  PROTOCOL_VERSION,
  type AgentHello,
  type ConversationWatch,
  type VisitorHello,
  type VisitorMessageSend,
} from '@livechat/protocol';
import WebSocket from 'ws';
import type {
  AgentCredentials,
  ClaimRaceResult,
  Command,
  Reply,
  Request,
  StormResult,
  SteadyResult,
  Target,
  ThroughputResult,
} from './commands.js';
import { httpJson, pick } from './http-client.js';
import { frameText } from './ws-text.js';
import { mapLimit, median, percentile, sleep, summarize } from './stats.js';

/** Frames per second each client socket sends at most: under the server's LIMITS.framesPerSecond. */
const CLIENT_RATE = LIMITS.framesPerSecond * 0.9;
const CLIENT_BURST = 10;

let target: Target | null = null;
const pool = new HttpAgent({ keepAlive: true, maxSockets: 32 });
let msgCounter = 0;
const runId = Date.now().toString(36);

const errors: Record<string, number> = {};
const countError = (code: string) => {
  errors[code] = (errors[code] ?? 0) + 1;
};

function need(): Target {
  if (!target) throw new Error('no target');
  return target;
}

let sourceCounter = 0;
/** Spreads sockets over 127.0.0.x source addresses when one address would run out of ports. */
function nextLocalAddress(): string | undefined {
  const t = need();
  if (t.sourceAddresses <= 1) return undefined;
  sourceCounter += 1;
  return `127.0.0.${1 + (sourceCounter % t.sourceAddresses)}`;
}

function openSocket(base: string, path: string, cookie?: string): WebSocket {
  const t = need();
  const local = nextLocalAddress();
  return new WebSocket(`${base.replace(/^http/, 'ws')}${path}`, {
    origin: t.origin,
    perMessageDeflate: false,
    handshakeTimeout: 15_000,
    ...(cookie ? { headers: { cookie } } : {}),
    ...(local ? { localAddress: local } : {}),
  });
}

/** A message in flight: sent by a visitor, waiting for its ack and its delivery to the agent. */
type Pending = {
  sentAt: number;
  acked: boolean;
  delivered: boolean;
  deliveredAt: number;
  visitor: Visitor;
  text: string;
};
const pending = new Map<string, Pending>();

type Recorder = { onComplete(p: Pending, now: number): void };
let recorder: Recorder | null = null;

function complete(id: string, p: Pending, now: number) {
  pending.delete(id);
  p.visitor.inflight -= 1;
  recorder?.onComplete(p, now);
}

class Visitor {
  ws: WebSocket | null = null;
  conversationId: string | null = null;
  /** Highest seq this visitor has seen of its conversation (the panel's "last contiguous seq"). */
  lastSeq = 0;
  inflight = 0;
  tokens = CLIENT_BURST;
  refilledAt = performance.now();
  welcomed: (() => void) | null = null;
  onReplay: ((page: { messages: number[]; hasMore: boolean; latestSeq: number }) => void) | null = null;
  onLive: ((seq: number) => void) | null = null;
  onAck: ((conversationId: string, seq: number) => void) | null = null;

  constructor(
    readonly token: string,
    /** The server process this visitor talks to. */
    readonly base: string,
  ) {}

  takeToken(now: number): boolean {
    this.tokens = Math.min(CLIENT_BURST, this.tokens + ((now - this.refilledAt) / 1000) * CLIENT_RATE);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  connect(hello: Partial<Pick<VisitorHello, 'conversationId' | 'afterSeq'>> = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = openSocket(this.base, '/ws/visitor');
      this.ws = ws;
      const timer = setTimeout(() => reject(new Error('no welcome')), 20_000);
      this.welcomed = () => {
        clearTimeout(timer);
        resolve();
      };
      ws.on('open', () => {
        const frame: VisitorHello = {
          type: 'hello',
          protocolVersion: PROTOCOL_VERSION,
          token: this.token,
          ...hello,
        };
        ws.send(JSON.stringify(frame));
      });
      ws.on('message', (data) => this.onFrame(frameText(data)));
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('close', () => {
        clearTimeout(timer);
        reject(new Error('closed before welcome'));
      });
    });
  }

  send(text: string, extra: { departmentId?: string } = {}): string {
    msgCounter += 1;
    const clientMsgId = `b${runId}_${msgCounter}`;
    const p: Pending = {
      sentAt: performance.now(),
      acked: false,
      delivered: false,
      deliveredAt: 0,
      visitor: this,
      text,
    };
    pending.set(clientMsgId, p);
    this.inflight += 1;
    this.sendFrame(clientMsgId, text, extra);
    return clientMsgId;
  }

  sendFrame(clientMsgId: string, text: string, extra: { departmentId?: string } = {}) {
    const frame: VisitorMessageSend = { type: 'message.send', clientMsgId, text, ...extra };
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private onFrame(text: string) {
    let f: unknown;
    try {
      f = JSON.parse(text);
    } catch {
      return countError('bad_json');
    }
    switch (pick(f, 'type')) {
      case 'welcome':
        this.welcomed?.();
        this.welcomed = null;
        return;
      case 'ack': {
        const id = pick(f, 'clientMsgId');
        const seq = pick(f, 'seq');
        const conversationId = pick(f, 'conversationId');
        if (typeof seq === 'number' && seq > this.lastSeq) this.lastSeq = seq;
        if (typeof conversationId === 'string') {
          this.conversationId = conversationId;
          if (typeof seq === 'number') this.onAck?.(conversationId, seq);
        }
        if (typeof id !== 'string') return;
        const p = pending.get(id);
        if (!p || p.acked) return;
        p.acked = true;
        if (p.delivered) complete(id, p, performance.now());
        return;
      }
      case 'message': {
        const seq = pick(f, 'message', 'seq');
        if (typeof seq === 'number') {
          if (seq > this.lastSeq) this.lastSeq = seq;
          this.onLive?.(seq);
        }
        return;
      }
      case 'replay.page': {
        const raw = pick(f, 'messages');
        const seqs = Array.isArray(raw)
          ? raw.map((m) => pick(m, 'seq')).filter((s): s is number => typeof s === 'number')
          : [];
        for (const s of seqs) if (s > this.lastSeq) this.lastSeq = s;
        const latestSeq = pick(f, 'latestSeq');
        this.onReplay?.({
          messages: seqs,
          hasMore: pick(f, 'hasMore') === true,
          latestSeq: typeof latestSeq === 'number' ? latestSeq : 0,
        });
        return;
      }
      case 'error': {
        const code = pick(f, 'code');
        countError(typeof code === 'string' ? code : 'error');
        const id = pick(f, 'clientMsgId');
        const p = typeof id === 'string' ? pending.get(id) : undefined;
        if (typeof id === 'string' && p && pick(f, 'retryable') === true) {
          const after = pick(f, 'retryAfterMs');
          setTimeout(() => this.sendFrame(id, p.text), typeof after === 'number' ? after : 100).unref();
        }
        return;
      }
      default:
        return;
    }
  }
}

class AgentClient {
  ws: WebSocket | null = null;
  cookie = '';
  private replays = new Map<string, () => void>();

  /** The server process this agent signs in to, connects to and claims on. */
  readonly base: string;

  constructor(
    readonly creds: AgentCredentials,
    base?: string,
  ) {
    const bases = need().agentBases;
    this.base = base ?? bases[agentCount++ % bases.length] ?? '';
  }

  async login(agent: HttpAgent): Promise<void> {
    const t = need();
    const res = await httpJson(agent, this.base, 'POST', '/api/auth/login', {
      origin: t.origin,
      body: this.creds,
    });
    if (res.status !== 200 || !res.cookie)
      throw new Error(`login ${this.creds.email}: ${res.status} ${JSON.stringify(res.json)}`);
    this.cookie = res.cookie;
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = openSocket(this.base, '/ws/agent', this.cookie);
      this.ws = ws;
      const timer = setTimeout(() => reject(new Error('agent: no welcome')), 20_000);
      ws.on('open', () => {
        const hello: AgentHello = { type: 'hello', protocolVersion: PROTOCOL_VERSION };
        ws.send(JSON.stringify(hello));
      });
      ws.on('message', (data) => {
        const text = frameText(data);
        // Most frames an agent gets under load are `message` and `conversation.updated`; only the
        // former matters here, so skip parsing the (larger) summaries.
        if (text.startsWith('{"type":"conversation.updated"')) return;
        let f: unknown;
        try {
          f = JSON.parse(text);
        } catch {
          return countError('bad_json');
        }
        switch (pick(f, 'type')) {
          case 'welcome':
            clearTimeout(timer);
            return resolve();
          case 'message': {
            const id = pick(f, 'message', 'clientMsgId');
            if (typeof id !== 'string') return;
            const p = pending.get(id);
            if (!p || p.delivered) return;
            const now = performance.now();
            p.delivered = true;
            p.deliveredAt = now;
            if (p.acked) complete(id, p, now);
            return;
          }
          case 'replay.page': {
            const cid = pick(f, 'conversationId');
            if (typeof cid === 'string') {
              this.replays.get(cid)?.();
              this.replays.delete(cid);
            }
            return;
          }
          case 'error': {
            const code = pick(f, 'code');
            return countError(`agent:${typeof code === 'string' ? code : 'error'}`);
          }
          default:
            return;
        }
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** Watches the conversations (the replay of each confirms the subscription). */
  async watch(conversationIds: string[]): Promise<void> {
    const ws = this.ws;
    if (!ws) throw new Error('agent not connected');
    await Promise.all(
      conversationIds.map(
        (conversationId) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`watch ${conversationId}: no replay`)), 15_000);
            this.replays.set(conversationId, () => {
              clearTimeout(timer);
              resolve();
            });
            const frame: ConversationWatch = { type: 'conversation.watch', conversationId, afterSeq: 0 };
            ws.send(JSON.stringify(frame));
          }),
      ),
    );
  }
}

let agentCount = 0;
const visitors: Visitor[] = [];
const groups = new Map<string, Visitor[]>();
const agents: AgentClient[] = [];

function group(name: string): Visitor[] {
  const g = groups.get(name);
  if (!g) throw new Error(`no group ${name}`);
  return g;
}

const text = (n: number) => `Hello, I have a question about my order #${n} — can someone help?`;

// ------------------------------------------------------------------ commands

async function sessions(count: number): Promise<{ created: number; ms: number }> {
  const t = need();
  const started = performance.now();
  const first = visitors.length;
  const baseOf = (i: number) => t.visitorBases[(first + i) % t.visitorBases.length] ?? '';
  const tokens = await mapLimit(Array.from({ length: count }), 32, async (_, i) => {
    const res = await httpJson(pool, baseOf(i), 'POST', '/api/widget/session', {
      origin: t.origin,
      body: { siteKey: t.siteKey, token: null },
    });
    const token = pick(res.json, 'token');
    if (res.status !== 200 || typeof token !== 'string')
      throw new Error(`session: ${res.status} ${JSON.stringify(res.json)}`);
    return token;
  });
  tokens.forEach((token, i) => visitors.push(new Visitor(token, baseOf(i))));
  return { created: tokens.length, ms: Math.round(performance.now() - started) };
}

async function connect(timeoutMs: number): Promise<{ connected: number; ms: number }> {
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  const todo = visitors.filter((v) => !v.ws);
  await mapLimit(todo, 256, async (v) => {
    for (let attempt = 0; attempt < 5 && Date.now() < deadline; attempt++) {
      try {
        return await v.connect();
      } catch {
        countError('connect');
        v.ws?.terminate();
        await sleep(100 * (attempt + 1));
      }
    }
    throw new Error('visitor could not connect');
  });
  return { connected: todo.length, ms: Math.round(performance.now() - started) };
}

async function startChats(name: string, from: number, count: number, departmentIds: string[] | null) {
  const members = visitors.slice(from, from + count);
  if (members.length < count) throw new Error(`only ${members.length} visitors for ${name}`);
  groups.set(name, members);
  const started = performance.now();
  await mapLimit(members, 200, (v, i) => {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('first message: no ack')), 30_000);
      v.onAck = () => {
        clearTimeout(timer);
        v.onAck = null;
        resolve();
      };
      const departmentId = departmentIds?.[i % departmentIds.length];
      v.send(text(i), departmentId ? { departmentId } : {});
    });
  });
  // Drop the setup messages from the in-flight table (no agent watched them).
  for (const v of members) v.inflight = 0;
  for (const [id, p] of pending) if (members.includes(p.visitor)) pending.delete(id);
  return { chats: members.length, ms: Math.round(performance.now() - started) };
}

async function watch(name: string, creds: AgentCredentials[], perAgent: number, base: string | undefined) {
  const members = group(name);
  const ids = members.map((v) => v.conversationId).filter((c): c is string => c !== null);
  const needed = Math.ceil(ids.length / perAgent);
  if (creds.length < needed) throw new Error(`need ${needed} agents to watch ${ids.length} chats`);
  const started = performance.now();
  const loginAgent = new HttpAgent({ keepAlive: true, maxSockets: 8 });
  await mapLimit(creds.slice(0, needed), 8, async (c, i) => {
    const a = new AgentClient(c, base);
    await a.login(loginAgent);
    await a.connect();
    agents.push(a);
    // Chat j went to department j % needed (start-chats), whose only agent is agent j % needed.
    await a.watch(ids.filter((_, j) => j % needed === i));
  });
  loginAgent.destroy();
  return { agents: needed, watched: ids.length, ms: Math.round(performance.now() - started) };
}

/** Collects completed messages (acked and delivered) into one measurement. */
function measure(t0: number, windowMs: number) {
  const all: number[] = [];
  const windows: number[][] = [];
  let completed = 0;
  recorder = {
    onComplete(p, now) {
      if (p.sentAt < t0) return;
      completed += 1;
      const latency = p.deliveredAt - p.sentAt;
      all.push(latency);
      const w = Math.floor((p.sentAt - t0) / windowMs);
      (windows[w] ??= []).push(latency);
      void now;
    },
  };
  return {
    get completed() {
      return completed;
    },
    all,
    windows,
    stop() {
      recorder = null;
    },
  };
}

async function throughput(
  name: string,
  warmupMs: number,
  durationMs: number,
  windowSize: number,
  turnoverMaxMs: number | undefined,
): Promise<ThroughputResult> {
  const members = group(name);
  for (const k of Object.keys(errors)) delete errors[k];
  const start = performance.now();
  const turnover = members.length * windowSize;
  // With a turnover wanted, the window opens once the loop has turned over (or at the bound).
  let t0 = turnoverMaxMs === undefined ? start + warmupMs : Infinity;
  let t1 = t0 + durationMs;
  let completedInWindow = 0;
  let completedAll = 0;
  const latencies: number[] = [];
  recorder = {
    onComplete(p, now) {
      completedAll += 1;
      if (now >= t0 && now <= t1) {
        completedInWindow += 1;
        latencies.push(p.deliveredAt - p.sentAt);
      }
    },
  };
  let n = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      if (
        t0 === Infinity &&
        now - start >= warmupMs &&
        (completedAll >= turnover || now - start >= (turnoverMaxMs ?? 0))
      ) {
        t0 = now;
        t1 = t0 + durationMs;
      }
      if (now >= t1) {
        clearInterval(tick);
        return resolve();
      }
      for (const v of members) {
        while (v.inflight < windowSize && v.takeToken(now)) v.send(text(n++));
      }
    }, 5);
  });
  const undrained = await drain(Math.max(5_000, turnoverMaxMs ?? 0));
  recorder = null;
  return {
    completed: completedInWindow,
    completedAll,
    warmupMs: Math.round(t0 - start),
    undrained,
    perSecond: Math.round(completedInWindow / (durationMs / 1000)),
    latency: summarize(latencies),
    errors: { ...errors },
    offeredPerSecondMax: Math.round(members.length * CLIENT_RATE),
  };
}

/** Waits (bounded) for what is in flight to finish, so the next phase starts clean. */
async function drain(maxMs: number) {
  const deadline = performance.now() + maxMs;
  while (pending.size > 0 && performance.now() < deadline) await sleep(20);
  const left = pending.size;
  for (const p of pending.values()) p.visitor.inflight = 0;
  pending.clear();
  return left;
}

async function steady(
  name: string,
  ratePerS: number,
  durationMs: number,
  windowMs: number,
): Promise<SteadyResult> {
  const members = group(name);
  for (const k of Object.keys(errors)) delete errors[k];
  const t0 = performance.now();
  const m = measure(t0, windowMs);
  let sent = 0;
  let cursor = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      if (now - t0 >= durationMs) {
        clearInterval(tick);
        return resolve();
      }
      const due = Math.floor(((now - t0) / 1000) * ratePerS) - sent;
      // Round-robin over the visitors; one that is out of tokens (or too far behind) is skipped.
      for (let i = 0, tries = 0; i < due && tries < members.length * 2; tries++) {
        const v = members[cursor++ % members.length];
        if (!v || v.inflight >= 50 || !v.takeToken(now)) continue;
        v.send(text(sent));
        sent += 1;
        i += 1;
      }
    }, 2);
  });
  await drain(5_000);
  m.stop();
  return {
    sent,
    completed: m.completed,
    achievedPerSecond: Math.round(m.completed / (durationMs / 1000)),
    latency: summarize(m.all),
    windows: m.windows.map((w, i) => ({ startMs: i * windowMs, latency: summarize(w ?? []) })),
    errors: { ...errors },
  };
}

async function storm(name: string, claimer: AgentCredentials, timeoutMs: number): Promise<StormResult> {
  const t = need();
  const members = group(name).filter((v) => v.conversationId !== null);
  await sleep(300);
  const before = members.map((v) => v.lastSeq);
  // 1. Everyone drops at once, as when a proxy restarts or a mobile network flips.
  for (const v of members) {
    v.ws?.removeAllListeners('close');
    v.ws?.on('error', () => undefined);
    v.ws?.terminate();
    v.ws = null;
  }
  await sleep(300);
  // 2. While they are away, their chats change: an agent claims each (a 'claimed' event each visitor must get).
  const claimAgent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
  const a = new AgentClient(claimer);
  await a.login(claimAgent);
  // Online, as a console would be: an offline agent's 5,000 chats would go back to the queue later.
  await a.connect();
  agents.push(a);
  let claimed = 0;
  await mapLimit(members, 16, async (v) => {
    const res = await httpJson(claimAgent, a.base, 'POST', `/api/conversations/${v.conversationId}/claim`, {
      origin: t.origin,
      cookie: a.cookie,
    });
    if (res.status === 200) claimed += 1;
    else countError(`storm-claim:${res.status}`);
  });
  claimAgent.destroy();
  // 3. All reconnect at once and replay from their last seq.
  const received = members.map(() => new Map<number, number>());
  const latest = members.map(() => 0);
  let attempts = 0;
  let back = 0;
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  await Promise.all(
    members.map(async (v, i) => {
      const got = received[i] as Map<number, number>;
      const note = (s: number) => got.set(s, (got.get(s) ?? 0) + 1);
      for (let attempt = 0; Date.now() < deadline && attempt < 20; attempt++) {
        attempts += 1;
        try {
          const replayed = new Promise<void>((resolve) => {
            v.onReplay = (page) => {
              for (const s of page.messages) note(s);
              latest[i] = Math.max(latest[i] ?? 0, page.latestSeq);
              if (!page.hasMore) resolve();
            };
          });
          v.onLive = note;
          await v.connect({ conversationId: v.conversationId, afterSeq: before[i] ?? 0 });
          await Promise.race([replayed, sleep(Math.max(0, deadline - Date.now()))]);
          back += 1;
          return;
        } catch {
          v.ws?.terminate();
          v.ws = null;
          // Back off with jitter, as the panel does.
          await sleep(50 + Math.random() * 200 * (attempt + 1));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await sleep(200); // late duplicates would show up here
  let lost = 0;
  let doubled = 0;
  let missedExpected = 0;
  members.forEach((v, i) => {
    v.onReplay = null;
    v.onLive = null;
    const got = received[i] as Map<number, number>;
    const from = (before[i] ?? 0) + 1;
    const to = latest[i] ?? 0;
    for (let s = from; s <= to; s++) {
      missedExpected += 1;
      const n = got.get(s) ?? 0;
      if (n === 0) lost += 1;
      if (n > 1) doubled += 1;
    }
    for (const [s, n] of got) if (s < from && n > 0) doubled += 1; // replayed what it had already
  });
  return {
    visitors: members.length,
    back,
    seconds,
    missedExpected,
    lost,
    doubled,
    claimed,
    reconnectAttempts: attempts,
  };
}

async function claimRace(
  name: string,
  creds: AgentCredentials[],
  pickAmong: number,
  timeoutMs: number,
): Promise<ClaimRaceResult> {
  const t = need();
  const ids = group(name)
    .map((v) => v.conversationId)
    .filter((c): c is string => c !== null);
  const loginPool = new HttpAgent({ keepAlive: true, maxSockets: 8 });
  // Each racer holds its agent socket, as a console does: an agent without one is offline, and the
  // server hands an offline agent's chats back to the queue once AGENT_GRACE_SECONDS pass.
  const racers = await mapLimit(creds, 8, async (c) => {
    const a = new AgentClient(c);
    await a.login(loginPool);
    await a.connect();
    agents.push(a);
    return a;
  });
  loginPool.destroy();
  const wins = new Map<string, number>();
  const winsPerAgent: Record<string, number> = {};
  /** What consoles know: chats they have seen claimed (the live `conversation.updated` would tell them). */
  const known = new Set<string>();
  const claimMs: number[] = [];
  let attempts = 0;
  let lost = 0;
  let capacityRefusals = 0;
  let otherErrors = 0;
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  await Promise.all(
    racers.map(async (a) => {
      const http = new HttpAgent({ keepAlive: true, maxSockets: 1 });
      const tried = new Set<string>();
      winsPerAgent[a.creds.email] = 0;
      for (let i = 0; i < ids.length * 2 && Date.now() < deadline; i++) {
        // Like a console's queue: oldest first; agents click one of the first few they see.
        const candidates: string[] = [];
        for (const id of ids) {
          if (!known.has(id) && !tried.has(id)) candidates.push(id);
          if (candidates.length >= pickAmong) break;
        }
        const id = candidates[Math.floor(Math.random() * candidates.length)];
        if (id === undefined) break;
        tried.add(id);
        attempts += 1;
        const t0 = performance.now();
        const res = await httpJson(http, a.base, 'POST', `/api/conversations/${id}/claim`, {
          origin: t.origin,
          cookie: a.cookie,
        });
        const ms = performance.now() - t0;
        const code = pick(res.json, 'error', 'code');
        if (res.status === 200) {
          claimMs.push(ms);
          known.add(id);
          wins.set(id, (wins.get(id) ?? 0) + 1);
          winsPerAgent[a.creds.email] = (winsPerAgent[a.creds.email] ?? 0) + 1;
        } else if (code === 'already_claimed') {
          lost += 1;
          known.add(id);
        } else if (code === 'capacity_reached') {
          capacityRefusals += 1;
          break;
        } else {
          otherErrors += 1;
          countError(`claim:${res.status}:${String(code)}`);
        }
      }
      http.destroy();
    }),
  );
  const sorted = [...claimMs].sort((x, y) => x - y);
  return {
    chats: ids.length,
    agents: racers.length,
    claimedOnce: ids.filter((id) => wins.get(id) === 1).length,
    claimedTwice: ids.filter((id) => (wins.get(id) ?? 0) > 1).length,
    unclaimed: ids.filter((id) => !wins.has(id)).length,
    attempts,
    lost,
    capacityRefusals,
    otherErrors,
    winsPerAgent,
    medianClaimMs: Math.round(median(claimMs) * 100) / 100,
    p99ClaimMs: Math.round(percentile(sorted, 99) * 100) / 100,
    seconds: (performance.now() - started) / 1000,
    conversationIds: ids,
  };
}

function closeAll() {
  for (const v of visitors) v.ws?.terminate();
  for (const a of agents) a.ws?.terminate();
  pool.destroy();
  return { closed: visitors.length + agents.length };
}

async function handle(c: Command): Promise<unknown> {
  switch (c.cmd) {
    case 'target':
      target = c.target;
      return { ok: true };
    case 'sessions':
      return sessions(c.count);
    case 'connect':
      return connect(c.timeoutMs);
    case 'start-chats':
      return startChats(c.group, c.from, c.count, c.departmentIds);
    case 'watch':
      return watch(c.group, c.agents, c.perAgent, c.agentBase);
    case 'throughput':
      return throughput(c.group, c.warmupMs, c.durationMs, c.window, c.turnoverMaxMs);
    case 'steady':
      return steady(c.group, c.ratePerS, c.durationMs, c.windowMs);
    case 'storm':
      return storm(c.group, c.claimer, c.timeoutMs);
    case 'claim-race':
      return claimRace(c.group, c.agents, c.pickAmong, c.timeoutMs);
    case 'close-all':
      return closeAll();
  }
}

process.on('message', (msg: Request) => {
  handle(msg).then(
    (result) => process.send?.({ id: msg.id, ok: true, result } satisfies Reply),
    (err: unknown) =>
      process.send?.({
        id: msg.id,
        ok: false,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies Reply),
  );
});
// The orchestrator going away ends the generator too: nothing is left running.
process.on('disconnect', () => process.exit(0));
