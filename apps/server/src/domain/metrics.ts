import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Default metrics that list every handle, request and resource of the process at each scrape: with
 * 10,000 sockets one scrape held the event loop ~20 ms (the bench's CPU profile, issue 7), and
 * `livechat_connections` already counts the sockets.
 */
const PER_HANDLE_METRICS = [
  'nodejs_active_handles',
  'nodejs_active_handles_total',
  'nodejs_active_requests',
  'nodejs_active_requests_total',
  'nodejs_active_resources',
  'nodejs_active_resources_total',
];

/**
 * Prometheus metrics of one process (GET /metrics). prom-client does the format and the default
 * process metrics; we only name what matters to a chat server.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: 'livechat_connections',
    help: 'Open WebSocket connections',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly messages = new Counter({
    name: 'livechat_messages_total',
    help: 'Messages committed (including lifecycle events)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly commitSeconds = new Histogram({
    name: 'livechat_commit_seconds',
    help: 'Time from a write being queued to its commit (what a sender waits for its ack)',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'livechat_commit_batch_size',
    help: 'Writes committed together in one transaction',
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
    registers: [this.registry],
  });

  readonly deliverySeconds = new Histogram({
    name: 'livechat_delivery_seconds',
    help: 'Time from a message being written (its createdAt) to its frame leaving for a live socket',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly busLagSeconds = new Histogram({
    name: 'livechat_bus_lag_seconds',
    help: 'Time from an event being published on the Redis Bus to its arrival in this process',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor(collect: {
    queueLength: () => Promise<number>;
    bus: () => { received: number; unwanted: number; publishFailures: number } | null;
    wal: () => { restarts: number; heldUp: number } | null;
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'livechat_' });
    for (const name of PER_HANDLE_METRICS) this.registry.removeSingleMetric(`livechat_${name}`);
    new Gauge({
      name: 'livechat_queue_length',
      help: 'Conversations waiting in a queue',
      registers: [this.registry],
      async collect() {
        this.set(await collect.queueLength());
      },
    });
    countersGauge(
      this.registry,
      'livechat_bus_events',
      'Events received from the cross-process Bus (Redis): all, and those no local socket needed',
      () => {
        const stats = collect.bus();
        return (
          stats && {
            received: stats.received,
            unwanted: stats.unwanted,
            publish_failures: stats.publishFailures,
          }
        );
      },
    );
    countersGauge(
      this.registry,
      'livechat_sqlite_wal_restarts',
      'SQLite WAL start overs, each a short pause of writes; held_up: given up for a reader (a backup)',
      () => {
        const stats = collect.wal();
        return stats && { done: stats.restarts, held_up: stats.heldUp };
      },
    );
  }
}

/**
 * A gauge of counters another part keeps, one series per `kind`, read at each scrape; no series
 * while `read` gives null (no Redis Bus, no WAL checkpointer).
 */
function countersGauge(
  registry: Registry,
  name: string,
  help: string,
  read: () => Record<string, number> | null,
): void {
  new Gauge({
    name,
    help,
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      for (const [kind, value] of Object.entries(read() ?? {})) this.set({ kind }, value);
    },
  });
}
