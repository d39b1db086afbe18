/*
 * `pnpm bench`: starts the real server as its own process and the load generator in another, runs
 * the same workload against a bare `ws` reference relay, prints a table and writes results.json.
 * Every phase is bounded by a count and a deadline; the run stops by itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetSizes } from './assets.js';
import {
  checkRaceInDatabase,
  seedBenchData,
  type BenchData,
  type BenchDatabase,
  type RaceCheck,
} from './bench-data.js';
import type { ClaimRaceResult, StormResult, SteadyResult, ThroughputResult } from './commands.js';
import { GeneratorClient } from './generator-client.js';
import { collectGarbage, sampleAllocations } from './inspector.js';
import { readOptions, type Options } from './options.js';
import { startFleet, walRestarts } from './livechat-servers.js';
import {
  cpuSeconds,
  freePort,
  nofileOf,
  rssBytes,
  spawnNode,
  stop,
  waitReady,
  type Child,
} from './processes.js';
import { ratio, table, type Figure } from './report.js';
import { runScaleout, type ScaleoutResult } from './scaleout.js';
import { POSTGRES, REDIS, reachable } from './shared-services.js';
import { mean, round, sleep } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchRoot = resolve(here, '..');
const repoRoot = resolve(benchRoot, '..');
/** Watches per agent socket: under the frame burst (60) so that watching needs no waiting. */
const WATCH_PER_AGENT = 50;

type Measured = {
  idleKb: number;
  idleDetail: Record<string, unknown>;
  throughput: ThroughputResult;
  latency: SteadyResult;
  /** SQLite WAL start overs during the latency phase (each holds writes ~10-20 ms); null elsewhere. */
  latencyWalRestarts: number | null;
  storm: StormResult;
  race: ClaimRaceResult;
  raceCheck: RaceCheck | null;
  soak: SteadyResult;
  soakRss: { firstMb: number; lastMb: number };
  /** CPU the target and the generator used per phase (cpu.ts): what a rate or a latency alone hides. */
  cpu: Record<'idle' | 'throughput' | 'latency' | 'soak', PhaseCpu>;
};

/** CPU in one phase: cores busy on average (1 = one core all the time), and per message completed. */
type PhaseCpu = { targetCores: number; generatorCores: number; targetUsPerMessage: number | null };

/** Starts a CPU reading of the target's processes and the generator; `done` ends it. */
function cpuMeter(t: Running, gen: GeneratorClient) {
  const pids = () => [...t.children.map((c) => c.pid)];
  const read = () => ({
    at: performance.now(),
    target: pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    generator: gen.pid ? cpuSeconds(gen.pid) : 0,
  });
  const start = read();
  return {
    done(messages: number | null): PhaseCpu {
      const end = read();
      const wallS = (end.at - start.at) / 1000;
      const target = end.target - start.target;
      return {
        targetCores: round(target / wallS, 2),
        generatorCores: round((end.generator - start.generator) / wallS, 2),
        targetUsPerMessage: messages ? round((target * 1e6) / messages, 1) : null,
      };
    },
  };
}

const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** What the generator drives: the real server (one or more processes) or the reference relay. */
type Running = {
  children: Child[];
  bases: string[];
  inspectPorts: number[];
  origin: string;
  database: BenchDatabase | null;
  stop(): Promise<void>;
};

async function startTarget(
  kind: 'livechat' | 'reference',
  o: Options,
  dir: string,
  raceMaxChats: number,
): Promise<Running> {
  if (kind === 'livechat') {
    return startFleet(repoRoot, benchRoot, {
      provider: o.provider,
      redis: o.redis,
      processes: o.processes,
      dir,
      cpuProf: o.cpuProf,
    });
  }
  const port = await freePort();
  // Under the inspector only so that the bench can force a GC before reading RSS, as the server.
  const inspectPort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The reference settles claims with the same capacity the real agents have.
  const child = spawnNode(
    [`--inspect=127.0.0.1:${inspectPort}`, join(here, 'reference/relay-server.js')],
    { PORT: String(port), HOST: '127.0.0.1', REF_MAX_CHATS: String(raceMaxChats) },
    repoRoot,
  );
  try {
    await waitReady(`${base}/health`, child, 10_000);
  } catch (err) {
    await stop(child);
    throw err;
  }
  return {
    children: [child],
    bases: [base],
    inspectPorts: [inspectPort],
    origin: `http://localhost:${port}`,
    database: null,
    stop: () => stop(child),
  };
}

/** RSS of every process of the target (several server processes hold their sockets between them). */
const totalRss = (t: Running) => t.children.reduce((sum, c) => sum + rssBytes(c.pid), 0);

async function collectAll(t: Running): Promise<{ heapUsedBytes: number }> {
  const heaps = await Promise.all(t.inspectPorts.map((p) => collectGarbage(p)));
  return { heapUsedBytes: heaps.reduce((sum, h) => sum + h.heapUsedBytes, 0) };
}

async function runTarget(
  kind: 'livechat' | 'reference',
  o: Options,
  rates: { full: number } | null,
): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), `livechat-bench-${kind}-`));
  const raceMaxChats = Math.ceil((o.raceChats * 1.2) / o.raceAgents);
  const tpAgents = Math.ceil(o.chatters / WATCH_PER_AGENT);
  let data: BenchData;
  const t = await startTarget(kind, o, dir, raceMaxChats);
  const gen = new GeneratorClient(join(here, 'generator.js'));
  try {
    if (t.database) {
      data = await seedBenchData(repoRoot, t.database, {
        throughputAgents: tpAgents,
        raceAgents: o.raceAgents,
        raceMaxChats,
      });
    } else {
      const creds = (key: string) => ({ email: `bench.${key}@example.com`, password: 'x' });
      data = {
        siteKey: 'reference',
        departmentIds: Array.from({ length: tpAgents }, (_, i) => `d${i}`),
        throughputAgents: Array.from({ length: tpAgents }, (_, i) => creds(`tp${i}`)),
        raceAgents: Array.from({ length: o.raceAgents }, (_, i) => creds(`race${i}`)),
        raceMaxChats,
        stormAgent: creds('storm'),
      };
    }
    log(
      `${kind}: pid ${t.children.map((c) => c.pid).join(', ')}, open files limit ${t.children.map((c) => nofileOf(c.pid)).join(', ')}, ${t.bases.join(', ')}`,
    );
    // 127.0.0.1 alone gives ~28 k ephemeral ports; past ~15 k sockets per phase spread the sources.
    const sourceAddresses = Math.max(1, Math.ceil((o.connections + o.storm) / 15_000));
    // With several processes, visitors and agents are spread over them (as a load balancer would).
    await gen.run(
      {
        cmd: 'target',
        target: {
          kind,
          visitorBases: t.bases,
          agentBases: t.bases,
          origin: t.origin,
          siteKey: data.siteKey,
          sourceAddresses,
        },
      },
      5_000,
    );

    // ---- 1. idle connections
    const s = await gen.run<{ created: number; ms: number }>(
      { cmd: 'sessions', count: o.connections },
      300_000,
    );
    log(`${kind}: ${s.created} visitor sessions in ${s.ms} ms`);
    const heap0 = await collectAll(t);
    const rss0 = totalRss(t);
    const c = await gen.run<{ connected: number; ms: number }>(
      { cmd: 'connect', timeoutMs: 240_000 },
      300_000,
    );
    await sleep(500);
    const heap1 = await collectAll(t);
    const rss1 = totalRss(t);
    const heapKb = round((heap1.heapUsedBytes - heap0.heapUsedBytes) / 1024 / c.connected, 2);
    const idleKb = round((rss1 - rss0) / 1024 / c.connected, 2);
    log(
      `${kind}: ${c.connected} visitors connected in ${c.ms} ms; RSS ${mb(rss0)} -> ${mb(rss1)} MB = ${idleKb} KB each (JS heap ${heapKb} KB)`,
    );
    const idleMeter = cpuMeter(t, gen);
    await sleep(o.quick ? 1000 : 3000);
    const idleCpu = idleMeter.done(null);

    // ---- 2. throughput
    const tpGroupEnd = o.chatters;
    await gen.run(
      { cmd: 'start-chats', group: 'tp', from: 0, count: o.chatters, departmentIds: data.departmentIds },
      120_000,
    );
    await gen.run(
      { cmd: 'watch', group: 'tp', agents: data.throughputAgents, perAgent: WATCH_PER_AGENT },
      120_000,
    );
    const tpMeter = cpuMeter(t, gen);
    const throughput = await gen.run<ThroughputResult>(
      {
        cmd: 'throughput',
        group: 'tp',
        warmupMs: o.quick ? 1000 : 3000,
        durationMs: o.throughputS * 1000,
        window: 8,
      },
      o.throughputS * 1000 + 60_000,
    );
    // The meter spans warm-up and drain too: per message it divides by every message completed.
    const tpCpu = tpMeter.done(throughput.completedAll);
    log(
      `${kind}: throughput ${throughput.perSecond}/s (p50 ${throughput.latency.p50} ms, p99 ${throughput.latency.p99} ms) errors ${JSON.stringify(throughput.errors)}`,
    );

    // ---- 3. latency at half of the real server's figure 2
    // Figure 3 at half of figure 2 (the reference at the real server's half), or at --latency-rate.
    const full = o.latencyRate === null ? (rates?.full ?? throughput.perSecond) : o.latencyRate * 2;
    const walBefore = kind === 'livechat' ? await walRestarts(t.bases[0] ?? '') : null;
    const stopSampling = o.allocProf ? await sampleAllocations(t.inspectPorts[0] ?? 0) : null;
    const latencyMeter = cpuMeter(t, gen);
    const latency = await gen.run<SteadyResult>(
      {
        cmd: 'steady',
        group: 'tp',
        ratePerS: Math.max(1, Math.round(full / 2)),
        durationMs: o.latencyS * 1000,
        windowMs: 1000,
      },
      o.latencyS * 1000 + 60_000,
    );
    const latencyCpu = latencyMeter.done(latency.completed);
    if (stopSampling) {
      const file = join(benchRoot, 'profiles', `alloc-${kind}.heapprofile`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(await stopSampling()));
      log(`${kind}: allocations during figure 3 sampled into ${file}`);
    }
    const walAfter = kind === 'livechat' ? await walRestarts(t.bases[0] ?? '') : null;
    const latencyWalRestarts = walBefore === null || walAfter === null ? null : walAfter - walBefore;
    log(
      `${kind}: at ${Math.round(full / 2)}/s: p50 ${latency.latency.p50} ms, p99 ${latency.latency.p99} ms (${latency.achievedPerSecond}/s done)${latencyWalRestarts === null ? '' : `, ${latencyWalRestarts} WAL start overs`}`,
    );
    log(
      `${kind}: CPU cores (target/generator): idle ${idleCpu.targetCores}/${idleCpu.generatorCores}, throughput ${tpCpu.targetCores}/${tpCpu.generatorCores} (${tpCpu.targetUsPerMessage} µs/msg), latency ${latencyCpu.targetCores}/${latencyCpu.generatorCores} (${latencyCpu.targetUsPerMessage} µs/msg)`,
    );

    // ---- 4. reconnect storm
    await gen.run(
      { cmd: 'start-chats', group: 'storm', from: tpGroupEnd, count: o.storm, departmentIds: null },
      120_000,
    );
    const storm = await gen.run<StormResult>(
      { cmd: 'storm', group: 'storm', claimer: data.stormAgent, timeoutMs: 120_000 },
      300_000,
    );
    log(
      `${kind}: storm ${storm.back}/${storm.visitors} back in ${round(storm.seconds, 2)} s, lost ${storm.lost}, doubled ${storm.doubled}`,
    );

    // ---- 6. claim race
    await gen.run(
      {
        cmd: 'start-chats',
        group: 'race',
        from: tpGroupEnd + o.storm,
        count: o.raceChats,
        departmentIds: null,
      },
      120_000,
    );
    const race = await gen.run<ClaimRaceResult>(
      { cmd: 'claim-race', group: 'race', agents: data.raceAgents, pickAmong: 20, timeoutMs: 120_000 },
      300_000,
    );
    const raceCheck = t.database
      ? await checkRaceInDatabase(
          repoRoot,
          t.database,
          race.conversationIds,
          race.winsPerAgent,
          data.raceMaxChats,
        )
      : null;
    log(
      `${kind}: claim race ${race.claimedOnce}/${race.chats} once, median ${race.medianClaimMs} ms, ${race.attempts} attempts in ${round(race.seconds, 2)} s`,
    );

    // ---- 8. soak at a quarter of figure 2
    const windowMs = (o.soakS * 1000) / 6;
    const rssSamples: Array<[number, number]> = [];
    const soakStart = Date.now();
    const sampler = setInterval(
      () => rssSamples.push([Date.now() - soakStart, totalRss(t)]),
      Math.min(1000, windowMs / 5),
    );
    const soakMeter = cpuMeter(t, gen);
    const soak = await gen.run<SteadyResult>(
      {
        cmd: 'steady',
        group: 'tp',
        ratePerS: Math.max(1, Math.round(full / 4)),
        durationMs: o.soakS * 1000,
        windowMs,
      },
      o.soakS * 1000 + 60_000,
    );
    const soakCpu = soakMeter.done(soak.completed);
    clearInterval(sampler);
    const inWindow = (from: number, to: number) =>
      rssSamples.filter(([ms]) => ms >= from && ms < to).map(([, b]) => b);
    const soakRss = {
      firstMb: round(mean(inWindow(0, windowMs)) / 2 ** 20, 2),
      lastMb: round(mean(inWindow(o.soakS * 1000 - windowMs, o.soakS * 1000 + 1)) / 2 ** 20, 2),
    };
    log(`${kind}: soak ${soak.achievedPerSecond}/s, RSS ${soakRss.firstMb} -> ${soakRss.lastMb} MB`);

    await gen.run({ cmd: 'close-all' }, 10_000);
    return {
      idleKb,
      // With several processes, RSS and heap are their sums.
      idleDetail: {
        processes: t.children.length,
        connections: c.connected,
        jsHeapKbPerConn: heapKb,
        rssBeforeMb: mb(rss0),
        rssAfterMb: mb(rss1),
        connectMs: c.ms,
        sessionsMs: s.ms,
      },
      throughput,
      latency,
      latencyWalRestarts,
      storm,
      race,
      raceCheck,
      soak,
      soakRss,
      cpu: { idle: idleCpu, throughput: tpCpu, latency: latencyCpu, soak: soakCpu },
    };
  } catch (err) {
    // The server's own words help more than the generator's view of a 500.
    for (const [i, c] of t.children.entries()) {
      const tail = c.stderr().split('\n').slice(-15).join('\n');
      if (tail.trim()) console.error(`--- ${kind} process ${i + 1} output (last lines) ---\n${tail}`);
    }
    throw err;
  } finally {
    await gen.close();
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => round(bytes / 2 ** 20, 1);
const drift = (first: number, last: number) => (first === 0 ? 0 : round(((last - first) / first) * 100, 2));

function figures(
  o: Options,
  lc: Measured | null,
  ref: Measured | null,
  lcError: string | null,
  scaleout: { result: ScaleoutResult } | { skipped: string },
): Figure[] {
  const out: Figure[] = [];
  const skip = (name: string, unit: string, target: string, why: string): Figure => ({
    name,
    value: null,
    unit,
    reference: null,
    referenceName: '-',
    ratio: null,
    target,
    met: null,
    skipped: why,
  });
  if (o.scaleout === 'only') {
    // figures 1-4, 6, 8 were not asked for
  } else if (!lc || !ref) {
    const why = lcError ?? 'not measured';
    for (const [n, u, tg] of [
      ['idle_conn_kb', 'KB/conn', '<=1.5x ref and <=12 KB'],
      ['persisted_msgs_per_s', 'msg/s', '>=0.25x ref and >=5000/s'],
      ['latency_p99_ms', 'ms', '<=3x ref and <50 ms'],
      ['reconnect_storm_s', 's', 'all back, none lost or doubled'],
      ['claim_race_median_ms', 'ms', 'each chat claimed once, no capacity exceeded'],
      ['soak_rss_drift_pct', '%', '<5%'],
      ['soak_p99_drift_pct', '%', '<5%'],
    ] as const)
      out.push(skip(n, u, tg, why));
  } else {
    out.push({
      name: 'idle_conn_kb',
      value: lc.idleKb,
      unit: 'KB/conn',
      reference: ref.idleKb,
      referenceName: 'bare ws',
      ratio: ratio(lc.idleKb, ref.idleKb),
      target: '<=1.5x ref and <=12 KB',
      met: lc.idleKb <= 12 && lc.idleKb <= 1.5 * ref.idleKb,
      detail: { livechat: lc.idleDetail, reference: ref.idleDetail },
    });
    const tp = lc.throughput.perSecond;
    out.push({
      name: 'persisted_msgs_per_s',
      value: tp,
      unit: 'msg/s',
      reference: ref.throughput.perSecond,
      referenceName: 'ws echo relay',
      ratio: ratio(tp, ref.throughput.perSecond),
      target: `>=0.25x ref and >=5000/s${o.provider === 'sqlite' ? '' : ' (SQLite)'}`,
      met: tp >= 0.25 * ref.throughput.perSecond && (o.provider !== 'sqlite' || tp >= 5000),
      detail: {
        chatters: o.chatters,
        measuredS: o.throughputS,
        offeredMaxPerS: lc.throughput.offeredPerSecondMax,
        latency: lc.throughput.latency,
        errors: lc.throughput.errors,
        referenceErrors: ref.throughput.errors,
        provider: o.provider,
        redis: o.redis,
        processes: o.processes,
        cpu: lc.cpu.throughput,
        referenceCpu: ref.cpu.throughput,
        idleCpu: lc.cpu.idle,
        referenceIdleCpu: ref.cpu.idle,
      },
    });
    out.push({
      name: 'latency_p99_ms',
      value: lc.latency.latency.p99,
      unit: 'ms',
      reference: ref.latency.latency.p99,
      referenceName: 'echo p99, same rate',
      ratio: ratio(lc.latency.latency.p99, ref.latency.latency.p99),
      target: '<=3x ref and <50 ms',
      met:
        o.latencyRate !== null
          ? null
          : lc.latency.latency.p99 < 50 && lc.latency.latency.p99 <= 3 * ref.latency.latency.p99,
      detail: {
        ratePerS: o.latencyRate ?? Math.round(tp / 2),
        achievedPerS: lc.latency.achievedPerSecond,
        p50: lc.latency.latency.p50,
        referenceP50: ref.latency.latency.p50,
        samples: lc.latency.latency.count,
        p99BySecond: lc.latency.windows.map((w) => w.latency.p99),
        referenceP99BySecond: ref.latency.windows.map((w) => w.latency.p99),
        walRestarts: lc.latencyWalRestarts,
        cpu: lc.cpu.latency,
        referenceCpu: ref.cpu.latency,
        errors: lc.latency.errors,
      },
    });
    const st = lc.storm;
    out.push({
      name: 'reconnect_storm_s',
      value: round(st.seconds, 3),
      unit: 's',
      reference: round(ref.storm.seconds, 3),
      referenceName: 'bare ws reconnect',
      ratio: ratio(st.seconds, ref.storm.seconds),
      target: 'all back, none lost or doubled',
      met: st.back === st.visitors && st.lost === 0 && st.doubled === 0 && st.missedExpected > 0,
      detail: { ...st },
    });
    const r = lc.race;
    const rc = lc.raceCheck;
    out.push({
      name: 'claim_race_median_ms',
      value: r.medianClaimMs,
      unit: 'ms',
      reference: ref.race.medianClaimMs,
      referenceName: 'in-memory claim',
      ratio: ratio(r.medianClaimMs, ref.race.medianClaimMs),
      target: 'each chat claimed once, no capacity exceeded',
      met:
        r.claimedOnce === r.chats &&
        r.claimedTwice === 0 &&
        (rc === null ||
          (rc.claimedExactlyOnce === r.chats &&
            rc.notActive === 0 &&
            rc.agentsOverCapacity === 0 &&
            rc.activeChatsMismatch === 0)),
      detail: {
        ...r,
        conversationIds: undefined,
        winsPerAgent: undefined,
        database: rc,
        p99ClaimMs: r.p99ClaimMs,
      },
    });
  }
  out.push(...scaleoutFigures(scaleout, skip));
  for (const a of assetSizes(repoRoot)) {
    if ('missing' in a)
      out.push(skip(a.name, 'bytes', `<=${a.budget / 1024} KB`, `not built (${a.missing})`));
    else
      out.push({
        name: a.name,
        value: a.gzipBytes,
        unit: 'bytes gz',
        reference: a.budget,
        referenceName: 'budget',
        ratio: ratio(a.gzipBytes, a.budget),
        target: `<=${a.budget / 1024} KB`,
        met: a.gzipBytes <= a.budget,
        detail: { rawBytes: a.rawBytes, files: a.files.map((f) => f.slice(repoRoot.length + 1)) },
      });
  }
  if (lc && ref) {
    const win = (s: SteadyResult, at: 'first' | 'last') =>
      (at === 'first' ? s.windows[0] : s.windows.at(-1))?.latency.p99 ?? 0;
    const rssDrift = drift(lc.soakRss.firstMb, lc.soakRss.lastMb);
    const p99Drift = drift(win(lc.soak, 'first'), win(lc.soak, 'last'));
    const soakDetail = {
      durationS: o.soakS,
      windowS: round(o.soakS / 6, 1),
      ratePerS:
        o.latencyRate === null ? Math.round(lc.throughput.perSecond / 4) : Math.round(o.latencyRate / 2),
      achievedPerS: lc.soak.achievedPerSecond,
      rssMb: lc.soakRss,
      p99ByWindow: lc.soak.windows.map((w) => w.latency.p99),
      cpu: lc.cpu.soak,
      errors: lc.soak.errors,
    };
    out.push({
      name: 'soak_rss_drift_pct',
      value: rssDrift,
      unit: '%',
      reference: drift(ref.soakRss.firstMb, ref.soakRss.lastMb),
      referenceName: 'ws relay drift',
      ratio: null,
      target: '<5% (growth, first vs last sixth)',
      met: rssDrift < 5,
      detail: soakDetail,
    });
    out.push({
      name: 'soak_p99_drift_pct',
      value: p99Drift,
      unit: '%',
      reference: drift(win(ref.soak, 'first'), win(ref.soak, 'last')),
      referenceName: 'ws relay drift',
      ratio: null,
      target: '<5% (growth, first vs last sixth)',
      met: p99Drift < 5,
      detail: {
        p99ByWindow: lc.soak.windows.map((w) => w.latency.p99),
        referenceP99ByWindow: ref.soak.windows.map((w) => w.latency.p99),
      },
    });
  }
  return out;
}

type Skip = (name: string, unit: string, target: string, why: string) => Figure;

function scaleoutFigures(s: { result: ScaleoutResult } | { skipped: string }, skip: Skip): Figure[] {
  const ratioTarget = '>=0.8x of 1 process';
  const busTarget = '<=1.2 received per needed (about 1)';
  if ('skipped' in s) {
    return [
      skip('scaleout_ratio', 'msg/s', ratioTarget, s.skipped),
      skip('scaleout_bus_received_per_needed', 'x', busTarget, s.skipped),
    ];
  }
  const { one, two } = s.result;
  const r = ratio(two.perSecond, one.perSecond);
  const group = (g: typeof one) => ({ ...g, name: undefined });
  const perProcess = [one, two].flatMap((g) => g.bus.map((b) => ({ group: g.name, ...b })));
  // The worst process: each should receive about what its sockets need, and no more. A process that
  // received events and needed none counts as if it had needed one.
  const worst = Math.max(
    ...perProcess.filter((b) => b.received > 0).map((b) => b.received / Math.max(1, b.needed)),
  );
  return [
    {
      name: 'scaleout_ratio',
      value: two.perSecond,
      unit: 'msg/s',
      reference: one.perSecond,
      referenceName: '1 process, same PG+Redis',
      ratio: r,
      target: ratioTarget,
      met: r !== null && r >= 0.8,
      detail: {
        what: 'persisted and delivered msg/s; one = visitors and agents on process 1; two = visitors on process 1, agents on process 2; measured in alternating windows',
        chattersPerGroup: s.result.chatters,
        // Saturated when the groups got well under what their visitors offered (each <= 18 msg/s).
        saturated: one.perSecond < 0.9 * one.offeredMaxPerS && two.perSecond < 0.9 * two.offeredMaxPerS,
        windowS: s.result.windowS,
        setupMs: s.result.setupMs,
        settleMs: s.result.settleMs,
        oneProcess: group(one),
        twoProcesses: group(two),
      },
    },
    {
      name: 'scaleout_bus_received_per_needed',
      value: Number.isFinite(worst) ? round(worst, 3) : null,
      unit: 'x',
      reference: 1,
      referenceName: 'ideal',
      ratio: Number.isFinite(worst) ? round(worst, 3) : null,
      target: busTarget,
      met: Number.isFinite(worst) && worst <= 1.2,
      detail: {
        what: 'Redis events a process received / those a local socket listened for (livechat_bus_events received vs received - unwanted), worst process over both groups; receivedPerMessage: per chat message completed',
        perProcess,
      },
    },
  ];
}

/** Figure 5 runs when asked, or (auto) when the local PostgreSQL and Redis answer: issue 7 wants every figure. */
async function scaleoutPlan(o: Options): Promise<{ run: true } | { run: false; why: string }> {
  if (o.scaleout === 'off') return { run: false, why: '--scaleout off' };
  const pg = await reachable(POSTGRES.host, POSTGRES.port);
  const redis = await reachable(REDIS.host, REDIS.port);
  if (pg && redis) return { run: true };
  const why = `${[pg ? null : `no PostgreSQL at ${POSTGRES.host}:${POSTGRES.port}`, redis ? null : `no Redis at ${REDIS.host}:${REDIS.port}`].filter(Boolean).join(', ')}`;
  if (o.scaleout === 'auto') return { run: false, why };
  throw new Error(`--scaleout ${o.scaleout}: ${why}`);
}

async function main() {
  const o = readOptions(process.argv.slice(2));
  const started = Date.now();
  log(`options: ${JSON.stringify(o)}`);
  log(
    `machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${round(totalmem() / 2 ** 30, 1)} GB, node ${process.version}`,
  );
  let lc: Measured | null = null;
  let ref: Measured | null = null;
  let lcError: string | null = null;
  const plan = await scaleoutPlan(o);
  if (o.scaleout !== 'only') {
    try {
      lc = await runTarget('livechat', o, null);
      ref = await runTarget('reference', o, { full: lc.throughput.perSecond });
    } catch (err) {
      lcError = err instanceof Error ? (err.message.split('\n')[0] ?? 'failed') : String(err);
      console.error(err);
    }
  }
  let scaleout: { result: ScaleoutResult } | { skipped: string } = {
    skipped: plan.run ? 'not measured' : plan.why,
  };
  let scaleoutError: string | null = null;
  if (plan.run) {
    try {
      const result = await runScaleout(
        { repoRoot, benchRoot, generator: join(here, 'generator.js') },
        // Quick: one window per group; full: one, two, two, one (whatever else runs on the machine is spread over both).
        // The warm-up lasts until every visitor's window of 8 has turned over once: on PostgreSQL a
        // message in the saturated loop takes seconds, and a fixed 1-3 s would measure the ramp.
        {
          chatters: o.scaleoutChatters,
          warmupMs: o.quick ? 1000 : 3000,
          turnoverMaxMs: o.quick ? 15_000 : 30_000,
          windowS: o.throughputS,
          rounds: o.quick ? 1 : 2,
          watchPerAgent: WATCH_PER_AGENT,
        },
        log,
      );
      scaleout = { result };
    } catch (err) {
      scaleoutError = err instanceof Error ? (err.message.split('\n')[0] ?? 'failed') : String(err);
      scaleout = { skipped: `failed: ${scaleoutError}` };
      console.error(err);
    }
  }
  const figs = figures(o, lc, ref, lcError, scaleout);
  console.log(`\n${table(figs)}\n`);
  const out = resolve(benchRoot, o.out);
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: {
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model ?? null,
          memoryGb: round(totalmem() / 2 ** 30, 1),
          node: process.version,
        },
        options: o,
        durationS: round((Date.now() - started) / 1000, 1),
        figures: figs,
      },
      null,
      2,
    )}\n`,
  );
  log(`wrote ${out} in ${round((Date.now() - started) / 1000, 1)} s`);
  const failed = scaleoutError !== null || (o.scaleout !== 'only' && (lcError !== null || !lc));
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
