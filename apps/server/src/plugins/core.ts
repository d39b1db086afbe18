import fp from 'fastify-plugin';
import type { Bus } from '../bus/bus.js';
import { MemoryBus } from '../bus/memory-bus.js';
import type { OpenDatabase } from '../db/open-database.js';
import { Publisher } from '../domain/publisher.js';
import type { Env } from '../env.js';
import { Presence } from '../realtime/presence.js';
import { SocketRegistry } from '../realtime/socket-registry.js';
import { ConversationStore } from '../store/conversation-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    env: Env;
    db: OpenDatabase;
    store: ConversationStore;
    bus: Bus;
    publisher: Publisher;
    presence: Presence;
    sockets: SocketRegistry;
  }
}

/** The process's shared parts: settings, database, conversation store, Bus, presence, open sockets. */
export default fp<{ env: Env; db: OpenDatabase }>(
  async (app, { env, db }) => {
    const store = new ConversationStore(db.sqlite, db.lock, { reopenMs: env.reopenMs });
    const bus: Bus = new MemoryBus();
    app.decorate('env', env);
    app.decorate('db', db);
    app.decorate('store', store);
    app.decorate('bus', bus);
    app.decorate('publisher', new Publisher(bus, store));
    const presence = new Presence(bus, db.prisma);
    app.decorate('presence', presence);
    app.decorate('sockets', new SocketRegistry());
    app.addHook('onClose', async () => {
      presence.stop();
      await store.tx.close();
      await bus.close();
      await db.close();
    });
    await Promise.resolve();
  },
  { name: 'core' },
);
