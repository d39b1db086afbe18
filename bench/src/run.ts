/*
 * `pnpm bench`: starts the real server as its own process and the load generator in another, runs
 * the same workload against a bare `ws` reference relay, prints a table and writes results.json.
 * Every phase is bounded by a count and a deadline; the run stops by itself.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetSizes } from './assets.js';
import { checkRaceInDatabase, seedBenchData, type BenchData, type RaceCheck } from './bench-data.js';
import type { ClaimRaceResult, StormResult, SteadyResult, ThroughputResult } from './commands.js';
import { GeneratorClient } from './generator-client.js';
import { collectGarbage } from './inspector-gc.js';
import { readOptions, type Options } from './options.js';
import { freePort, nofileOf, rssBytes, spawnNode, stop, waitReady, type Child } from './processes.js';
import { ratio, table, type Figure } from './report.js';
import { mean, round, sleep } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchRoot = resolve(here, '..');
const repoRoot = resolve(benchRoot, '..');
const ADMIN = { email: 'admin@example.com', password: 'bench-admin-password' };
/** Watches per agent socket: under the frame burst (60) so that watching needs no waiting. */
const WATCH_PER_AGENT = 50;

type Measured = {
  idleKb: number;
  idleDetail: Record<string, unknown>;
  throughput: ThroughputResult;
  latency: SteadyResult;
  storm: StormResult;
  race: ClaimRaceResult;
  raceCheck: RaceCheck | null;
  soak: SteadyResult;
  soakRss: { firstMb: number; lastMb: number };
};

const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function startTarget(kind: 'livechat' | 'reference', o: Options, dir: string, raceMaxChats: number) {
  const port = await freePort();
  // Both targets run under the inspector only so that the bench can force a GC before reading RSS.
  const inspectPort = await freePort();
  const inspect = `--inspect=127.0.0.1:${inspectPort}`;
  const origin = `http://localhost:${port}`;
  const base = `http://127.0.0.1:${port}`;
  let child: Child;
  if (kind === 'livechat') {
    const main = join(repoRoot, 'apps/server/dist/main.js');
    if (!existsSync(main)) throw new Error('apps/server/dist/main.js is missing: run `pnpm --filter @livechat/protocol build && pnpm --filter @livechat/server build`');
    const profDir = join(benchRoot, 'profiles');
    if (o.cpuProf) mkdirSync(profDir, { recursive: true });
    const databaseUrl = o.provider === 'sqlite' ? `file:${join(dir, 'bench.db')}` : 'postgres://postgres@127.0.0.1:5432/livechat_bench';
    child = spawnNode(
      [inspect, ...(o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), main],
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: origin,
        DATABASE_URL: databaseUrl,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
        // The documented setting for the login limit: 100+ agents sign in from one address here.
        LOGIN_RATE_PER_MIN: '1000000',
        ...(o.redis ? { REDIS_URL: 'redis://127.0.0.1:6379' } : {}),
      },
      repoRoot,
    );
    await waitReady(`${base}/healthz`, child, 30_000);
  } else {
    child = spawnNode([inspect, join(here, 'reference/relay-server.js')], { PORT: String(port), HOST: '127.0.0.1', REF_MAX_CHATS: String(raceMaxChats) }, repoRoot);
    await waitReady(`${base}/health`, child, 10_000);
  }
  return { child, port, origin, base, inspectPort };
}

async function runTarget(kind: 'livechat' | 'reference', o: Options, rates: { full: number } | null): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), `livechat-bench-${kind}-`));
  const raceMaxChats = Math.ceil((o.raceChats * 1.2) / o.raceAgents);
  const tpAgents = Math.ceil(o.chatters / WATCH_PER_AGENT);
  let data: BenchData;
  const gen = new GeneratorClient(join(here, 'generator.js'));
  // The reference settles claims with the same capacity the real agents have.
  const t = await startTarget(kind, o, dir, raceMaxChats);
  try {
    if (kind === 'livechat') {
      data = await seedBenchData(repoRoot, join(dir, 'bench.db'), { throughputAgents: tpAgents, raceAgents: o.raceAgents, raceMaxChats });
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
    log(`${kind}: pid ${t.child.pid}, open files limit ${nofileOf(t.child.pid)}, port ${t.port}`);
    // 127.0.0.1 alone gives ~28 k ephemeral ports; past ~15 k sockets per phase spread the sources.
    const sourceAddresses = Math.max(1, Math.ceil((o.connections + o.storm) / 15_000));
    await gen.run({ cmd: 'target', target: { kind, base: t.base, origin: t.origin, siteKey: data.siteKey, sourceAddresses } }, 5_000);

    // ---- 1. idle connections
    const s = await gen.run<{ created: number; ms: number }>({ cmd: 'sessions', count: o.connections }, 300_000);
    log(`${kind}: ${s.created} visitor sessions in ${s.ms} ms`);
    const heap0 = await collectGarbage(t.inspectPort);
    const rss0 = rssBytes(t.child.pid);
    const c = await gen.run<{ connected: number; ms: number }>({ cmd: 'connect', timeoutMs: 240_000 }, 300_000);
    await sleep(500);
    const heap1 = await collectGarbage(t.inspectPort);
    const rss1 = rssBytes(t.child.pid);
    const heapKb = round((heap1.heapUsedBytes - heap0.heapUsedBytes) / 1024 / c.connected, 2);
    const idleKb = round((rss1 - rss0) / 1024 / c.connected, 2);
    log(`${kind}: ${c.connected} visitors connected in ${c.ms} ms; RSS ${mb(rss0)} -> ${mb(rss1)} MB = ${idleKb} KB each (JS heap ${heapKb} KB)`);

    // ---- 2. throughput
    const tpGroupEnd = o.chatters;
    await gen.run({ cmd: 'start-chats', group: 'tp', from: 0, count: o.chatters, departmentIds: data.departmentIds }, 120_000);
    await gen.run({ cmd: 'watch', group: 'tp', agents: data.throughputAgents, perAgent: WATCH_PER_AGENT }, 120_000);
    const throughput = await gen.run<ThroughputResult>(
      { cmd: 'throughput', group: 'tp', warmupMs: o.quick ? 1000 : 3000, durationMs: o.throughputS * 1000, window: 8 },
      o.throughputS * 1000 + 60_000,
    );
    log(`${kind}: throughput ${throughput.perSecond}/s (p50 ${throughput.latency.p50} ms, p99 ${throughput.latency.p99} ms) errors ${JSON.stringify(throughput.errors)}`);

    // ---- 3. latency at half of the real server's figure 2
    const full = rates?.full ?? throughput.perSecond;
    const latency = await gen.run<SteadyResult>(
      { cmd: 'steady', group: 'tp', ratePerS: Math.max(1, Math.round(full / 2)), durationMs: o.latencyS * 1000, windowMs: o.latencyS * 1000 },
      o.latencyS * 1000 + 60_000,
    );
    log(`${kind}: at ${Math.round(full / 2)}/s: p50 ${latency.latency.p50} ms, p99 ${latency.latency.p99} ms (${latency.achievedPerSecond}/s done)`);

    // ---- 4. reconnect storm
    await gen.run({ cmd: 'start-chats', group: 'storm', from: tpGroupEnd, count: o.storm, departmentIds: null }, 120_000);
    const storm = await gen.run<StormResult>({ cmd: 'storm', group: 'storm', claimer: data.stormAgent, timeoutMs: 120_000 }, 300_000);
    log(`${kind}: storm ${storm.back}/${storm.visitors} back in ${round(storm.seconds, 2)} s, lost ${storm.lost}, doubled ${storm.doubled}`);

    // ---- 6. claim race
    await gen.run({ cmd: 'start-chats', group: 'race', from: tpGroupEnd + o.storm, count: o.raceChats, departmentIds: null }, 120_000);
    const race = await gen.run<ClaimRaceResult>(
      { cmd: 'claim-race', group: 'race', agents: data.raceAgents, pickAmong: 20, timeoutMs: 120_000 },
      300_000,
    );
    const raceCheck =
      kind === 'livechat' && o.provider === 'sqlite'
        ? checkRaceInDatabase(repoRoot, join(dir, 'bench.db'), race.conversationIds, race.winsPerAgent, data.raceMaxChats)
        : null;
    log(`${kind}: claim race ${race.claimedOnce}/${race.chats} once, median ${race.medianClaimMs} ms, ${race.attempts} attempts in ${round(race.seconds, 2)} s`);

    // ---- 8. soak at a quarter of figure 2
    const windowMs = (o.soakS * 1000) / 6;
    const rssSamples: Array<[number, number]> = [];
    const soakStart = Date.now();
    const sampler = setInterval(() => rssSamples.push([Date.now() - soakStart, rssBytes(t.child.pid)]), Math.min(1000, windowMs / 5));
    const soak = await gen.run<SteadyResult>(
      { cmd: 'steady', group: 'tp', ratePerS: Math.max(1, Math.round(full / 4)), durationMs: o.soakS * 1000, windowMs },
      o.soakS * 1000 + 60_000,
    );
    clearInterval(sampler);
    const inWindow = (from: number, to: number) => rssSamples.filter(([ms]) => ms >= from && ms < to).map(([, b]) => b);
    const soakRss = {
      firstMb: round(mean(inWindow(0, windowMs)) / 2 ** 20, 2),
      lastMb: round(mean(inWindow(o.soakS * 1000 - windowMs, o.soakS * 1000 + 1)) / 2 ** 20, 2),
    };
    log(`${kind}: soak ${soak.achievedPerSecond}/s, RSS ${soakRss.firstMb} -> ${soakRss.lastMb} MB`);

    await gen.run({ cmd: 'close-all' }, 10_000);
    return {
      idleKb,
      idleDetail: { connections: c.connected, jsHeapKbPerConn: heapKb, rssBeforeMb: mb(rss0), rssAfterMb: mb(rss1), connectMs: c.ms, sessionsMs: s.ms },
      throughput,
      latency,
      storm,
      race,
      raceCheck,
      soak,
      soakRss,
    };
  } catch (err) {
    // The server's own words help more than the generator's view of a 500.
    const tail = t.child.stderr().split('\n').slice(-15).join('\n');
    if (tail.trim()) console.error(`--- ${kind} stderr (last lines) ---\n${tail}`);
    throw err;
  } finally {
    await gen.close();
    await stop(t.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => round(bytes / 2 ** 20, 1);
const drift = (first: number, last: number) => (first === 0 ? 0 : round(((last - first) / first) * 100, 2));

function figures(o: Options, lc: Measured | null, ref: Measured | null, lcError: string | null): Figure[] {
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
  if (!lc || !ref) {
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
        processes: 1,
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
      met: lc.latency.latency.p99 < 50 && lc.latency.latency.p99 <= 3 * ref.latency.latency.p99,
      detail: {
        ratePerS: Math.round(tp / 2),
        achievedPerS: lc.latency.achievedPerSecond,
        p50: lc.latency.latency.p50,
        referenceP50: ref.latency.latency.p50,
        samples: lc.latency.latency.count,
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
        (rc === null || (rc.claimedExactlyOnce === r.chats && rc.notActive === 0 && rc.agentsOverCapacity === 0 && rc.activeChatsMismatch === 0)),
      detail: { ...r, conversationIds: undefined, winsPerAgent: undefined, database: rc, p99ClaimMs: r.p99ClaimMs },
    });
  }
  out.push(skip('scaleout_ratio', 'x', '2 processes >=1.6x of 1', 'PostgreSQL/Redis not implemented'));
  for (const a of assetSizes(repoRoot)) {
    if ('missing' in a) out.push(skip(a.name, 'bytes', `<=${a.budget / 1024} KB`, `not built (${a.missing})`));
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
    const win = (s: SteadyResult, at: 'first' | 'last') => (at === 'first' ? s.windows[0] : s.windows.at(-1))?.latency.p99 ?? 0;
    const rssDrift = drift(lc.soakRss.firstMb, lc.soakRss.lastMb);
    const p99Drift = drift(win(lc.soak, 'first'), win(lc.soak, 'last'));
    const soakDetail = {
      durationS: o.soakS,
      windowS: round(o.soakS / 6, 1),
      ratePerS: Math.round(lc.throughput.perSecond / 4),
      achievedPerS: lc.soak.achievedPerSecond,
      rssMb: lc.soakRss,
      p99ByWindow: lc.soak.windows.map((w) => w.latency.p99),
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
      detail: { p99ByWindow: lc.soak.windows.map((w) => w.latency.p99), referenceP99ByWindow: ref.soak.windows.map((w) => w.latency.p99) },
    });
  }
  return out;
}

async function main() {
  const o = readOptions(process.argv.slice(2));
  const started = Date.now();
  log(`options: ${JSON.stringify(o)}`);
  log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${round(totalmem() / 2 ** 30, 1)} GB, node ${process.version}`);
  let lc: Measured | null = null;
  let ref: Measured | null = null;
  let lcError: string | null = null;
  if (o.processes > 1 || o.provider !== 'sqlite' || o.redis) {
    // The server has neither PostgreSQL nor a Redis Bus yet (it refuses a postgres:// DATABASE_URL at start).
    lcError = 'PostgreSQL/Redis not implemented';
  } else {
    try {
      lc = await runTarget('livechat', o, null);
      ref = await runTarget('reference', o, { full: lc.throughput.perSecond });
    } catch (err) {
      lcError = err instanceof Error ? err.message.split('\n')[0] ?? 'failed' : String(err);
      console.error(err);
    }
  }
  const figs = figures(o, lc, ref, lcError);
  console.log(`\n${table(figs)}\n`);
  const out = resolve(benchRoot, o.out);
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, memoryGb: round(totalmem() / 2 ** 30, 1), node: process.version },
        options: o,
        durationS: round((Date.now() - started) / 1000, 1),
        figures: figs,
      },
      null,
      2,
    )}\n`,
  );
  log(`wrote ${out} in ${round((Date.now() - started) / 1000, 1)} s`);
  process.exit(lcError || !lc ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
