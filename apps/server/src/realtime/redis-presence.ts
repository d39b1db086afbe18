import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import * as z from 'zod/mini';
import type { LocalPresence, OtherProcesses } from './presence.js';

/** A killed process's agents vanish this long after its last heartbeat. */
const TTL_MS = 15_000;
/** How often each process rewrites its agents (renewing the TTL) and re-reads everyone else's. */
const HEARTBEAT_MS = 5_000;
/** The hash field holding the version of a process's agents; agent ids never start with "~". */
export const VERSION_FIELD = '~v';

const Status = z.enum(['online', 'away']);
const StoredPresence = z.pipe(
  z.string().check(z.regex(/^(online|away):\d+$/)),
  z.transform((value): LocalPresence => {
    const [status, at] = value.split(':');
    return { status: Status.parse(status), at: Number(at) };
  }),
);
/** What a process says on the channel: one agent's entry changed (null: gone from it), or it left. */
const Change = z.union([
  z.object({
    process: z.string(),
    version: z.number(),
    agentId: z.string(),
    presence: z.nullable(z.object({ status: Status, at: z.number() })),
  }),
  z.object({ process: z.string(), left: z.literal(true) }),
]);
type Change = z.infer<typeof Change>;

type View = { version: number; agents: Map<string, LocalPresence> };

/** Where presence lives in Redis under a key prefix (exported for the tests, which play a crashed process). */
export function presenceKeys(prefix: string) {
  return {
    /** Each change of any process, as a Change. */
    channel: `${prefix}presence`,
    /** The ids of the processes sharing presence. */
    processes: `${prefix}presence:processes`,
    /** One process's agents: agent id -> "status:setAt", and VERSION_FIELD. */
    process: (processId: string) => `${prefix}presence:process:${processId}`,
  };
}

/**
 * Presence across processes through Redis. Each process shares its own agents as a hash
 * (`<prefix>presence:process:<id>`: agent id -> "status:setAt", plus a version) whose TTL its
 * heartbeat renews, so a SIGKILLed process's agents expire by themselves; a set names the processes;
 * each change is also published on `<prefix>presence` at once. Every process keeps the others'
 * agents in memory: loaded at start, updated by the channel, and fully re-read on every heartbeat so
 * that nothing drifts (a message lost while the subscriber reconnected, a process gone without a
 * word).
 *
 * Written by hand rather than taken from a library: the Redis presence packages we found answer
 * "who is online" with a Redis round trip per question (SCAN or a GET per user), while Presence must
 * answer synchronously from memory and be told of each change to kick routing; what is needed is a
 * few commands through ioredis, which the Bus already uses.
 */
export class RedisPresence implements OtherProcesses {
  readonly processId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private readonly views = new Map<string, View>();
  /** Processes that said they left: a re-read that raced their leaving must not bring them back. */
  private readonly departed = new Set<string>();
  private version = 0;
  private local: () => ReadonlyMap<string, LocalPresence> = () => new Map();
  private changed: (agentIds: string[], gone: boolean) => Promise<void> = () => Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private left = false;

  private readonly keys: ReturnType<typeof presenceKeys>;

  constructor(
    url: string,
    prefix: string,
    private readonly log: FastifyBaseLogger,
  ) {
    this.keys = presenceKeys(prefix);
    const options = { maxRetriesPerRequest: 2 } as const;
    this.cmd = new Redis(url, options);
    this.sub = new Redis(url, options);
    this.cmd.on('error', (err) => this.log.warn({ err: err.message }, 'redis presence'));
    this.sub.on('error', (err) => this.log.warn({ err: err.message }, 'redis presence subscriber'));
    this.sub.on('message', (_channel: string, payload: string) => this.receive(payload));
    // Changes published while the subscriber was away are lost: read everything again once it is back
    // (ioredis subscribes again by itself).
    this.sub.on('ready', () => this.reread());
  }

  join(
    local: () => ReadonlyMap<string, LocalPresence>,
    changed: (agentIds: string[], gone: boolean) => Promise<void>,
  ): void {
    this.local = local;
    this.changed = changed;
    this.sub
      .subscribe(this.keys.channel)
      .catch((err: unknown) => this.log.warn({ err }, 'presence subscribe'));
    this.timer = setInterval(() => this.heartbeat(), HEARTBEAT_MS).unref();
    this.heartbeat();
  }

  presenceOf(agentId: string): LocalPresence | undefined {
    let latest: LocalPresence | undefined;
    for (const view of this.views.values()) {
      const p = view.agents.get(agentId);
      if (p && (!latest || p.at > latest.at)) latest = p;
    }
    return latest;
  }

  *agentIds(): Iterable<string> {
    for (const view of this.views.values()) yield* view.agents.keys();
  }

  localChanged(agentId: string): void {
    if (this.left) return;
    const entry = this.local().get(agentId);
    this.version += 1;
    const key = this.keys.process(this.processId);
    const tx = this.cmd.multi();
    if (entry) tx.hset(key, agentId, `${entry.status}:${entry.at}`, VERSION_FIELD, this.version);
    else tx.hdel(key, agentId).hset(key, VERSION_FIELD, this.version);
    const change: Change = {
      process: this.processId,
      version: this.version,
      agentId,
      presence: entry ? { status: entry.status, at: entry.at } : null,
    };
    tx.pexpire(key, TTL_MS)
      .sadd(this.keys.processes, this.processId)
      .publish(this.keys.channel, JSON.stringify(change))
      .exec()
      .catch((err: unknown) => this.log.warn({ err }, 'presence share failed'));
  }

  async leave(): Promise<void> {
    if (this.left) return;
    this.left = true;
    if (this.timer) clearInterval(this.timer);
    const change: Change = { process: this.processId, left: true };
    const farewell = this.cmd
      .multi()
      .del(this.keys.process(this.processId))
      .srem(this.keys.processes, this.processId)
      .publish(this.keys.channel, JSON.stringify(change))
      .exec()
      .catch((err: unknown) => this.log.warn({ err }, 'presence leave failed'));
    // Redis may be away: then the key expires by itself, and shutdown need not wait for it.
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([farewell, new Promise((resolve) => (timeout = setTimeout(resolve, 2_000)))]);
    clearTimeout(timeout);
    this.cmd.disconnect();
    this.sub.disconnect();
  }

  /** Rewrites this process's agents whole (renewing the TTL, and restoring them after a Redis restart), then re-reads. */
  private heartbeat(): void {
    if (this.left) return;
    const key = this.keys.process(this.processId);
    const fields: Array<string | number> = [VERSION_FIELD, this.version];
    for (const [id, p] of this.local()) fields.push(id, `${p.status}:${p.at}`);
    this.cmd
      .multi()
      .del(key)
      .hset(key, ...fields)
      .pexpire(key, TTL_MS)
      .sadd(this.keys.processes, this.processId)
      .exec()
      .catch((err: unknown) => this.log.warn({ err }, 'presence heartbeat failed'));
    this.reread();
  }

  /** Re-reads every other process's agents; one read at a time, a request during one makes another. */
  private reread(): void {
    if (this.left) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.readAll()
      .catch((err: unknown) => this.log.warn({ err }, 'presence read failed'))
      .finally(() => {
        this.reading = null;
        if (!this.readAgain) return;
        this.readAgain = false;
        this.reread();
      });
  }

  private async readAll(): Promise<void> {
    // Views changed on the channel while this read is under way are newer than what it returns.
    const versions = new Map([...this.views].map(([id, view]) => [id, view.version]));
    const members = await this.cmd.smembers(this.keys.processes);
    const ids = members.filter((id) => id !== this.processId && !this.departed.has(id));
    const read = this.cmd.pipeline();
    for (const id of ids) read.hgetall(this.keys.process(id));
    const replies = (await read.exec()) ?? [];
    const dead: string[] = [];
    for (const [i, id] of ids.entries()) {
      const [err, reply] = replies[i] ?? [null, null];
      if (err) throw err;
      const view = this.parseView(reply);
      if (view) this.replace(id, view);
      else dead.push(id);
    }
    // Gone from the set: another process found it dead.
    for (const [id, view] of this.views)
      if (!ids.includes(id) && versions.get(id) === view.version) this.drop(id);
    for (const id of this.departed) if (!members.includes(id)) this.departed.delete(id);
    if (dead.length > 0) await this.cmd.srem(this.keys.processes, ...dead);
    for (const id of dead) this.drop(id);
  }

  private parseView(reply: unknown): View | null {
    const hash = z.record(z.string(), z.string()).safeParse(reply);
    if (!hash.success) return null;
    const version = Number(hash.data[VERSION_FIELD]);
    // No hash at all (an empty reply) is a process whose TTL ran out.
    if (!Number.isInteger(version)) return null;
    const agents = new Map<string, LocalPresence>();
    for (const [id, value] of Object.entries(hash.data)) {
      if (id === VERSION_FIELD) continue;
      const p = StoredPresence.safeParse(value);
      if (p.success) agents.set(id, p.data);
    }
    return { version, agents };
  }

  private receive(payload: string): void {
    let change: Change;
    try {
      change = Change.parse(JSON.parse(payload));
    } catch {
      this.log.warn('unreadable presence change dropped');
      return;
    }
    if (change.process === this.processId || this.departed.has(change.process)) return;
    if ('left' in change) {
      this.departed.add(change.process);
      this.drop(change.process);
      return;
    }
    const view = this.views.get(change.process);
    if (view && change.version <= view.version) return; // a re-read already had it
    // A process we have not read yet, or a change missed in between: read it whole soon.
    if (!view || change.version !== view.version + 1) this.reread();
    const target = view ?? { version: 0, agents: new Map<string, LocalPresence>() };
    target.version = change.version;
    if (change.presence) target.agents.set(change.agentId, change.presence);
    else target.agents.delete(change.agentId);
    this.views.set(change.process, target);
    this.notify([change.agentId], false);
  }

  /** A re-read view wins unless a newer change arrived on the channel meanwhile. */
  private replace(processId: string, next: View): void {
    const view = this.views.get(processId);
    if (this.departed.has(processId) || (view && next.version < view.version)) return;
    const touched = new Set<string>();
    for (const [id, p] of next.agents) {
      const was = view?.agents.get(id);
      if (!was || was.status !== p.status || was.at !== p.at) touched.add(id);
    }
    for (const id of view?.agents.keys() ?? []) if (!next.agents.has(id)) touched.add(id);
    this.views.set(processId, next);
    this.notify([...touched], false);
  }

  /**
   * A process left or died: nobody else will announce its agents' going, so each process that notices
   * does (a crash is rare, and consoles take the same presence frame twice without harm).
   */
  private drop(processId: string): void {
    const view = this.views.get(processId);
    this.views.delete(processId);
    if (view) this.notify([...view.agents.keys()], true);
  }

  private notify(agentIds: string[], gone: boolean): void {
    if (agentIds.length === 0 || this.left) return;
    void this.changed(agentIds, gone).catch((err: unknown) => this.log.warn({ err }, 'presence change'));
  }
}
