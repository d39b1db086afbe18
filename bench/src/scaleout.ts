/*
 * Figure 5 (issue 7): does a second server process carry cross-process chat at the rate one process
 * carries it alone, and does Redis bring each process only what it needs?
 *
 * Two server processes on one fresh PostgreSQL schema and one fresh Redis key prefix. Two groups of
 * chats, each with its own departments and watching agents, every visitor on process 1:
 *   one: the agents are on process 1 too: persisted and delivered by ONE process (process 2 hears
 *        nothing of these chats and sits idle while they are measured);
 *   two: the agents are on process 2: persisted by process 1, delivered by process 2 through Redis.
 * The groups are measured in turn with figure 2's closed loop (8 in flight per visitor, <= 18/s
 * each), in windows ordered one, two, two, one...: the machine is shared, and interleaving spreads
 * whatever else runs on it over both. The figure is two's rate / one's rate. Each process's Bus
 * counters (/metrics) are read around every window: events received, and those no local socket
 * listened for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedBenchData } from './bench-data.js';
import type { LatencySummary, ThroughputResult } from './commands.js';
import { GeneratorClient } from './generator-client.js';
import { busCounters, startFleet, type BusCounters } from './livechat-servers.js';
import { round, sleep } from './stats.js';

export type ScaleoutOptions = {
  /** Chatting visitors per group. */
  chatters: number;
  warmupMs: number;
  /** Bound of the warm-up that waits for the loop to turn over once (and of the drain). */
  turnoverMaxMs: number;
  /** Measured seconds per window. */
  windowS: number;
  /** Windows per group (ordered one, two, two, one, ...). */
  rounds: number;
  watchPerAgent: number;
};

export type ProcessBus = {
  process: number;
  received: number;
  unwanted: number;
  /** Received for a topic some socket of this process listened to. */
  needed: number;
  receivedPerNeeded: number | null;
  /** Received per chat message completed in the windows (warm-up and drain included). */
  receivedPerMessage: number | null;
  publishFailures: number;
};

export type ScaleoutGroup = {
  name: 'one' | 'two';
  /** Completed (acked and delivered) per second over all of the group's measured windows. */
  perSecond: number;
  windows: Array<{ perSecond: number; p50: number; p99: number; warmupMs: number; undrained: number }>;
  latency: LatencySummary;
  offeredMaxPerS: number;
  completedAll: number;
  errors: Record<string, number>;
  bus: ProcessBus[];
};

export type ScaleoutResult = {
  one: ScaleoutGroup;
  two: ScaleoutGroup;
  settleMs: number;
  setupMs: number;
  chatters: number;
  windowS: number;
};

type Paths = { repoRoot: string; benchRoot: string; generator: string };

/** Waits (bounded) until no process has received a Redis event for 1 s. */
async function quiet(bases: string[], maxMs: number): Promise<{ quiet: boolean; ms: number }> {
  const started = Date.now();
  let last = JSON.stringify(await Promise.all(bases.map(busCounters)));
  let sameSince = Date.now();
  while (Date.now() - started < maxMs) {
    await sleep(250);
    const now = JSON.stringify(await Promise.all(bases.map(busCounters)));
    if (now !== last) {
      last = now;
      sameSince = Date.now();
    } else if (Date.now() - sameSince >= 1000) return { quiet: true, ms: Date.now() - started };
  }
  return { quiet: false, ms: Date.now() - started };
}

export async function runScaleout(
  paths: Paths,
  o: ScaleoutOptions,
  log: (msg: string) => void,
): Promise<ScaleoutResult> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'livechat-bench-scaleout-'));
  const fleet = await startFleet(paths.repoRoot, paths.benchRoot, {
    provider: 'postgresql',
    redis: true,
    processes: 2,
    dir,
    cpuProf: false,
  });
  const gen = new GeneratorClient(paths.generator);
  try {
    const [p1, p2] = fleet.bases;
    if (!p1 || !p2) throw new Error('two processes expected');
    const perGroup = Math.ceil(o.chatters / o.watchPerAgent);
    // Departments and agents 0..perGroup-1 serve group one, the next perGroup group two.
    const data = await seedBenchData(paths.repoRoot, fleet.database, {
      throughputAgents: 2 * perGroup,
      raceAgents: 0,
      raceMaxChats: 1,
    });
    await gen.run(
      {
        cmd: 'target',
        target: {
          kind: 'livechat',
          visitorBases: [p1],
          agentBases: [p1],
          origin: fleet.origin,
          siteKey: data.siteKey,
          sourceAddresses: 1,
        },
      },
      5_000,
    );
    await gen.run({ cmd: 'sessions', count: 2 * o.chatters }, 120_000);
    await gen.run({ cmd: 'connect', timeoutMs: 120_000 }, 150_000);
    const groups = [
      { name: 'one' as const, from: 0, agentBase: p1 },
      { name: 'two' as const, from: o.chatters, agentBase: p2 },
    ];
    for (const [g, group] of groups.entries()) {
      const departmentIds = data.departmentIds.slice(g * perGroup, (g + 1) * perGroup);
      const agents = data.throughputAgents.slice(g * perGroup, (g + 1) * perGroup);
      await gen.run(
        { cmd: 'start-chats', group: group.name, from: group.from, count: o.chatters, departmentIds },
        120_000,
      );
      await gen.run(
        { cmd: 'watch', group: group.name, agents, perAgent: o.watchPerAgent, agentBase: group.agentBase },
        120_000,
      );
    }
    const setupMs = Date.now() - started;
    // Each first message moved a queue, and the server tells every visitor still waiting their new
    // place (through Redis, after the ack): let that settle so that the windows measure chat only.
    const settled = await quiet(fleet.bases, 30_000);
    if (!settled.quiet) log(`scaleout: Redis traffic still flowing after ${settled.ms} ms; measuring anyway`);

    const runs: Record<'one' | 'two', Array<{ t: ThroughputResult; bus: BusCounters[] }>> = {
      one: [],
      two: [],
    };
    const order = Array.from({ length: o.rounds }, (_, r) =>
      r % 2 === 0 ? (['one', 'two'] as const) : (['two', 'one'] as const),
    ).flat();
    for (const name of order) {
      const before = await Promise.all(fleet.bases.map(busCounters));
      const t = await gen.run<ThroughputResult>(
        {
          cmd: 'throughput',
          group: name,
          warmupMs: o.warmupMs,
          durationMs: o.windowS * 1000,
          window: 8,
          turnoverMaxMs: o.turnoverMaxMs,
        },
        o.windowS * 1000 + 2 * o.turnoverMaxMs + 60_000,
      );
      // The generator stopped sending; the servers may still be working off what they had queued.
      const idle = await quiet(fleet.bases, 30_000);
      if (!idle.quiet) log(`scaleout: Redis traffic still flowing ${idle.ms} ms after the ${name} window`);
      const after = await Promise.all(fleet.bases.map(busCounters));
      runs[name].push({ t, bus: after.map((a, i) => delta(a, before[i] ?? null)) });
      log(
        `scaleout ${name === 'one' ? 'one process ' : 'two processes'}: ${t.perSecond}/s (p50 ${t.latency.p50} ms, p99 ${t.latency.p99} ms, ` +
          `warm-up ${t.warmupMs} ms, undrained ${t.undrained}) errors ${JSON.stringify(t.errors)}`,
      );
    }
    await gen.run({ cmd: 'close-all' }, 10_000);
    return {
      one: summarize('one', runs.one, o.windowS),
      two: summarize('two', runs.two, o.windowS),
      settleMs: settled.ms,
      setupMs,
      chatters: o.chatters,
      windowS: o.windowS,
    };
  } catch (err) {
    for (const [i, c] of fleet.children.entries()) {
      const tail = c.stderr().split('\n').slice(-15).join('\n');
      if (tail.trim()) console.error(`--- scaleout process ${i + 1} output (last lines) ---\n${tail}`);
    }
    throw err;
  } finally {
    await gen.close();
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function delta(after: BusCounters | null, before: BusCounters | null): BusCounters {
  return {
    received: (after?.received ?? 0) - (before?.received ?? 0),
    unwanted: (after?.unwanted ?? 0) - (before?.unwanted ?? 0),
    publishFailures: (after?.publishFailures ?? 0) - (before?.publishFailures ?? 0),
  };
}

function summarize(
  name: 'one' | 'two',
  runs: Array<{ t: ThroughputResult; bus: BusCounters[] }>,
  windowS: number,
): ScaleoutGroup {
  const completed = runs.reduce((n, r) => n + r.t.completed, 0);
  const completedAll = runs.reduce((n, r) => n + r.t.completedAll, 0);
  const errors: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.t.errors)) errors[k] = (errors[k] ?? 0) + v;
  const processes = Math.max(0, ...runs.map((r) => r.bus.length));
  const bus = Array.from({ length: processes }, (_, i): ProcessBus => {
    const received = runs.reduce((n, r) => n + (r.bus[i]?.received ?? 0), 0);
    const unwanted = runs.reduce((n, r) => n + (r.bus[i]?.unwanted ?? 0), 0);
    const needed = received - unwanted;
    return {
      process: i + 1,
      received,
      unwanted,
      needed,
      receivedPerNeeded: needed > 0 ? round(received / needed, 3) : null,
      receivedPerMessage: completedAll > 0 ? round(received / completedAll, 3) : null,
      publishFailures: runs.reduce((n, r) => n + (r.bus[i]?.publishFailures ?? 0), 0),
    };
  });
  // The latency summary of the group is that of its slowest window (p99s do not average).
  const worst = runs.reduce<ThroughputResult | null>(
    (w, r) => (w === null || r.t.latency.p99 > w.latency.p99 ? r.t : w),
    null,
  );
  return {
    name,
    perSecond: Math.round(completed / (runs.length * windowS)),
    windows: runs.map((r) => ({
      perSecond: r.t.perSecond,
      p50: r.t.latency.p50,
      p99: r.t.latency.p99,
      warmupMs: r.t.warmupMs,
      undrained: r.t.undrained,
    })),
    latency: worst?.latency ?? { count: 0, p50: 0, p99: 0, max: 0 },
    offeredMaxPerS: runs[0]?.t.offeredPerSecondMax ?? 0,
    completedAll,
    errors,
    bus,
  };
}
