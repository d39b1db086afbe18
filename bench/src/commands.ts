/*
 * The orchestrator (run.ts) drives the load generator (generator.ts, a forked process) with these
 * commands over the IPC channel. Both processes are ours, so the shapes are plain TypeScript types.
 */

/** What the generator talks to: the real server, or the bare `ws` relay used as the reference. */
export type Target = {
  kind: 'livechat' | 'reference';
  /**
   * http://127.0.0.1:port of each server process visitors use: visitor i gets its session from and
   * connects to visitorBases[i % length].
   */
  visitorBases: string[];
  /** Likewise for agents (sign-in, socket, claims), in the order the generator creates them. */
  agentBases: string[];
  /** The Origin header the server expects (PUBLIC_URL's origin). */
  origin: string;
  siteKey: string;
  /** How many 127.0.0.x source addresses to spread client sockets over (1 = 127.0.0.1 only). */
  sourceAddresses: number;
};

export type AgentCredentials = { email: string; password: string };

export type Command =
  | { cmd: 'target'; target: Target }
  /** POST /api/widget/session for `count` new visitors (tokens kept in the generator). */
  | { cmd: 'sessions'; count: number }
  /** Opens every visitor socket that has a session and says hello; resolves when all are welcomed. */
  | { cmd: 'connect'; timeoutMs: number }
  /** Visitors [from, from+count) send a first message (to `departmentIds` round-robin, if given). */
  | { cmd: 'start-chats'; group: string; from: number; count: number; departmentIds: string[] | null }
  /**
   * Agents sign in, open sockets, say hello and watch the group's conversations (up to `perAgent`
   * each), on `agentBase` if given (else spread over the target's agentBases).
   */
  | { cmd: 'watch'; group: string; agents: AgentCredentials[]; perAgent: number; agentBase?: string }
  /** Closed loop at the per-socket frame limit: how many messages are acked AND delivered per second. */
  | {
      cmd: 'throughput';
      group: string;
      warmupMs: number;
      durationMs: number;
      window: number;
      /**
       * Also warm up until the loop has turned over once (as many completions as the group keeps in
       * flight), bounded by this many ms: a loop whose in-flight messages take seconds each is not
       * in its steady state after a fixed warm-up. Also waits up to this long for the drain.
       */
      turnoverMaxMs?: number;
    }
  /** Open loop at a fixed total rate; send-to-delivery latency. `windowMs` splits the run for drift. */
  | { cmd: 'steady'; group: string; ratePerS: number; durationMs: number; windowMs: number }
  /** Drops the group's visitors, claims their chats meanwhile, reconnects them all at once. */
  | { cmd: 'storm'; group: string; claimer: AgentCredentials; timeoutMs: number }
  /** Agents race to claim the group's queued chats. */
  | { cmd: 'claim-race'; group: string; agents: AgentCredentials[]; pickAmong: number; timeoutMs: number }
  | { cmd: 'close-all' };

export type Request = { id: number } & Command;
export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type LatencySummary = { count: number; p50: number; p99: number; max: number };

export type ThroughputResult = {
  /** Completed (acked and delivered) in the measured window. */
  completed: number;
  /** Completed over the whole command: warm-up, window and drain (to compare with server counters). */
  completedAll: number;
  /** Warm-up actually done (longer than asked when waiting for the turnover). */
  warmupMs: number;
  /** Messages still in flight when the drain gave up. */
  undrained: number;
  perSecond: number;
  latency: LatencySummary;
  errors: Record<string, number>;
  offeredPerSecondMax: number;
};

export type SteadyResult = {
  sent: number;
  completed: number;
  achievedPerSecond: number;
  latency: LatencySummary;
  /** One entry per window of `windowMs`, in order. */
  windows: Array<{ startMs: number; latency: LatencySummary }>;
  errors: Record<string, number>;
};

export type StormResult = {
  visitors: number;
  back: number;
  seconds: number;
  missedExpected: number;
  lost: number;
  doubled: number;
  claimed: number;
  reconnectAttempts: number;
};

export type ClaimRaceResult = {
  chats: number;
  agents: number;
  claimedOnce: number;
  claimedTwice: number;
  unclaimed: number;
  attempts: number;
  lost: number;
  capacityRefusals: number;
  otherErrors: number;
  winsPerAgent: Record<string, number>;
  medianClaimMs: number;
  p99ClaimMs: number;
  seconds: number;
  conversationIds: string[];
};
