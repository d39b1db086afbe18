import fp from 'fastify-plugin';
import type { Bus } from '../bus/bus.js';
import { MemoryBus } from '../bus/memory-bus.js';
import { RedisBus } from '../bus/redis-bus.js';
import type { OpenDatabase } from '../db/open-database.js';
import { Publisher } from '../domain/publisher.js';
import { Router } from '../domain/routing.js';
import { Metrics } from '../domain/metrics.js';
import { SiteDepartments } from '../domain/site-departments.js';
import type { Env } from '../env.js';
import { Presence } from '../realtime/presence.js';
import { RedisPresence } from '../realtime/redis-presence.js';
import { SocketRegistry } from '../realtime/socket-registry.js';
import { ConversationStore } from '../store/conversation-store.js';
import { SqliteSql } from '../store/sqlite-sql.js';
import { runUnderLease } from '../store/leases.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

declare module 'fastify' {
  interface FastifyInstance {
    env: Env;
    db: OpenDatabase;
    store: ConversationStore;
    bus: Bus;
    publisher: Publisher;
    presence: Presence;
    sockets: SocketRegistry;
    router: Router;
    metrics: Metrics;
    siteDepartments: SiteDepartments;
  }
}

/** The process's shared parts: settings, database, conversation store, Bus, presence, open sockets. */
export default fp<{ env: Env; db: OpenDatabase }>(
  async (app, { env, db }) => {
    const store = new ConversationStore(db.sql, { reopenMs: env.reopenMs });
    const bus: Bus = env.redisUrl ? new RedisBus(env.redisUrl, app.log, env.redisKeyPrefix) : new MemoryBus();
    app.decorate('env', env);
    app.decorate('db', db);
    app.decorate('store', store);
    const siteDepartments = new SiteDepartments(db.prisma);
    app.decorate('siteDepartments', siteDepartments);
    // Any admin change to sites or departments refreshes it here at once (other processes within its TTL).
    app.addHook('onResponse', async (request) => {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      const path = request.url;
      if (
        path.startsWith('/api/admin/departments') ||
        path.startsWith('/api/admin/sites') ||
        path.startsWith('/api/sites')
      ) {
        siteDepartments.invalidate();
      }
      await Promise.resolve();
    });
    app.decorate('bus', bus);
    app.decorate('publisher', new Publisher(bus, store, (err) => app.log.error({ err }, 'queue positions')));
    const presence = new Presence(
      bus,
      db.prisma,
      env.redisUrl ? new RedisPresence(env.redisUrl, env.redisKeyPrefix, app.log) : null,
    );
    app.decorate('presence', presence);
    const metrics = new Metrics({
      queueLength: () => store.queueLength(),
      bus: () => (bus instanceof RedisBus ? bus.stats : null),
      wal: () => (db.sql instanceof SqliteSql ? db.sql.walStats() : null),
    });
    app.decorate('metrics', metrics);
    if (bus instanceof RedisBus) bus.onLag = (seconds) => metrics.busLagSeconds.observe(seconds);
    store.tx.observe = (jobs, waitMs) => {
      metrics.batchSize.observe(jobs);
      metrics.commitSeconds.observe(waitMs / 1000);
    };
    app.publisher.onCommitted((messages) => {
      for (const m of messages) metrics.messages.inc({ kind: m.kind });
    });
    const sockets = new SocketRegistry((kind, delta) => metrics.connections.inc({ kind }, delta));
    app.decorate('sockets', sockets);
    // Events may have been lost while the Bus was away: every socket replays (DESIGN.md semantics 4).
    bus.onLoss((reason) => sockets.resyncAll(reason));
    const publisher = app.publisher;
    const router = new Router({
      store,
      prisma: db.prisma,
      presence,
      publisher,
      log: app.log,
      agentGraceMs: env.agentGraceMs,
      autoCloseMs: env.autoCloseMs,
    });
    app.decorate('router', router);
    store.onQueueChanged = () => router.kick();
    presence.onChange = () => router.kick();
    // The periodic pass catches what no event announced (an agent's grace period running out, a
    // process that crashed between a commit and its kick); one process at a time runs it.
    const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    let stopRouting: () => void = () => undefined;
    app.addHook('onReady', async () => {
      stopRouting = runUnderLease(
        {
          store,
          name: 'router',
          holder,
          intervalMs: 5_000,
          onError: (err) => app.log.error({ err }, 'routing'),
        },
        () => router.periodic(),
      );
      router.kick();
      await Promise.resolve();
    });
    app.addHook('onClose', async () => {
      stopRouting();
      await router.stop();
      await presence.close();
      await store.tx.close();
      await bus.close();
      await db.close();
    });
    await Promise.resolve();
  },
  { name: 'core' },
);
