import { parseArgs } from 'node:util';

export type Options = {
  quick: boolean;
  provider: 'sqlite' | 'postgresql';
  redis: boolean;
  processes: number;
  /** Figure 1: idle visitors held at once. */
  connections: number;
  /** Figure 2-3, 8: visitors that chat (each at most ~18 frames/s, under the server's limit). */
  chatters: number;
  /** Figure 2: measured seconds (after a warm-up). */
  throughputS: number;
  /** Figure 3: measured seconds at half of figure 2's rate. */
  latencyS: number;
  /**
   * Figure 3 at this rate instead of half of figure 2's: for comparing two builds, whose figure 2
   * differ, at one load (the soak runs at half of it then). null: half of figure 2, as the issue asks.
   */
  latencyRate: number | null;
  /** Figure 4: visitors in the reconnect storm. */
  storm: number;
  /** Figure 6. */
  raceAgents: number;
  raceChats: number;
  /** Figure 8: soak duration; drift compares the first and last sixth (5 of 30 minutes). */
  soakS: number;
  /**
   * Figure 5 (two processes on PostgreSQL + Redis against one): auto = when both answer on
   * 127.0.0.1, on = required, off = skipped, only = figure 5 (and the asset sizes) alone.
   */
  scaleout: 'auto' | 'on' | 'off' | 'only';
  /** Figure 5: chatting visitors per group (enough to saturate: each offers up to ~18 msg/s). */
  scaleoutChatters: number;
  cpuProf: boolean;
  /** Figure 3: sample what the server's main thread allocates, into bench/profiles/. */
  allocProf: boolean;
  out: string;
};

const HELP = `pnpm bench [-- options]

  --quick                 a smoke run of about a minute (smaller counts, short soak)
  --provider <p>          sqlite (default) | postgresql (alias postgres): 127.0.0.1:5432, user postgres,
                          database test, a fresh schema bench_<random> per run, dropped at the end
  --redis                 Redis for the Bus, presence and rate limits (redis://127.0.0.1:6379), with a
                          fresh REDIS_KEY_PREFIX per run whose keys are deleted at the end
  --processes <n>         server processes for figures 1-4, 6, 8 (n > 1 needs postgresql and --redis);
                          visitors and agents are spread over them round-robin
  --scaleout <mode>       figure 5, its own PostgreSQL + Redis processes whatever the options above:
                          auto (default: when PostgreSQL and Redis answer) | on | off | only
  --scaleout-chatters <n> chatting visitors per group in figure 5 (default 400; quick 100)
  --connections <n>       idle visitors for figure 1 (default 10000; quick 1300)
  --chatters <n>          chatting visitors for figures 2, 3, 8 (default 1000; quick 400)
  --throughput-s <s>      measured seconds of figure 2, and of each figure 5 window (default 15; quick 3)
  --latency-s <s>         measured seconds of figure 3 (default 15; quick 2)
  --latency-rate <n>      figure 3 at n msg/s (and the soak at n/2) instead of half of figure 2's rate:
                          to compare two builds at one load (the figure's target is then not judged)
  --storm <n>             visitors in the reconnect storm (default 5000; quick 600)
  --race-agents <n>       agents in the claim race (default 100; quick 30)
  --race-chats <n>        queued chats in the claim race (default 1000; quick 300)
  --soak-minutes <m>      soak duration (default 30; quick 0.1 = 6 s)
  --cpu-prof              write a V8 CPU profile of the server to bench/profiles/
  --alloc-prof            sample what the server's main thread allocates during figure 3, into
                          bench/profiles/alloc-<target>.heapprofile (DevTools: Memory, load profile)
  --out <file>            results file (default bench/results.json)
`;

export function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      provider: { type: 'string', default: 'sqlite' },
      redis: { type: 'boolean', default: false },
      processes: { type: 'string', default: '1' },
      connections: { type: 'string' },
      chatters: { type: 'string' },
      'throughput-s': { type: 'string' },
      'latency-s': { type: 'string' },
      'latency-rate': { type: 'string' },
      storm: { type: 'string' },
      'race-agents': { type: 'string' },
      'race-chats': { type: 'string' },
      'soak-minutes': { type: 'string' },
      scaleout: { type: 'string', default: 'auto' },
      'scaleout-chatters': { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      'alloc-prof': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = values.quick;
  const num = (v: string | undefined, full: number, q: number, name: string) => {
    const n = v === undefined ? (quick ? q : full) : Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${v}`);
    return n;
  };
  const provider = values.provider === 'postgres' ? 'postgresql' : values.provider;
  if (provider !== 'sqlite' && provider !== 'postgresql')
    throw new Error(`--provider: sqlite or postgresql, got ${provider}`);
  const scaleout = values.scaleout;
  if (scaleout !== 'auto' && scaleout !== 'on' && scaleout !== 'off' && scaleout !== 'only')
    throw new Error(`--scaleout: auto, on, off or only, got ${scaleout}`);
  const o: Options = {
    quick,
    provider,
    redis: values.redis,
    processes: Math.round(num(values.processes, 1, 1, 'processes')),
    connections: num(values.connections, 10_000, 1_300, 'connections'),
    chatters: num(values.chatters, 1_000, 400, 'chatters'),
    throughputS: num(values['throughput-s'], 15, 3, 'throughput-s'),
    latencyS: num(values['latency-s'], 15, 2, 'latency-s'),
    latencyRate:
      values['latency-rate'] === undefined ? null : num(values['latency-rate'], 0, 0, 'latency-rate'),
    storm: num(values.storm, 5_000, 600, 'storm'),
    raceAgents: num(values['race-agents'], 100, 30, 'race-agents'),
    raceChats: num(values['race-chats'], 1_000, 300, 'race-chats'),
    soakS: num(values['soak-minutes'], 30, 0.1, 'soak-minutes') * 60,
    scaleout,
    scaleoutChatters: num(values['scaleout-chatters'], 400, 100, 'scaleout-chatters'),
    cpuProf: values['cpu-prof'],
    allocProf: values['alloc-prof'],
    out: values.out ?? 'results.json',
  };
  // Processes share the database and hear of each other's changes through Redis only.
  if (o.processes > 1 && (o.provider !== 'postgresql' || !o.redis))
    throw new Error('--processes > 1 needs --provider postgresql and --redis');
  const needed = o.chatters + o.storm + o.raceChats;
  if (o.connections < needed) {
    // The chatting, storm and race visitors are taken from the idle ones (their sessions and sockets are reused).
    o.connections = needed;
  }
  return o;
}
