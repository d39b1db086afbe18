import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { openDatabase } from './db/open-database.js';
import { seedFirstRun, type SeedResult } from './db/seed.js';
import type { Env } from './env.js';
import authPlugin from './plugins/auth.js';
import corePlugin from './plugins/core.js';
import filesPlugin from './plugins/files.js';
import httpErrors from './plugins/http-errors.js';
import { logRedaction } from './plugins/log-redaction.js';
import rateLimits from './plugins/rate-limits.js';
import securityHeaders from './plugins/security-headers.js';
import realtimeRoutes from './realtime/realtime-routes.js';
import attachmentRoutes from './routes/attachments.js';
import adminPlugin, { type AdminOptions } from './routes/admin/index.js';
import authRoutes from './routes/auth.js';
import cannedResponseRoutes from './routes/canned-responses.js';
import conversationReopenRoutes from './routes/conversation-reopen.js';
import conversationRoutes from './routes/conversations.js';
import demoRoutes from './routes/demo.js';
import directoryRoutes from './routes/directory.js';
import healthRoutes from './routes/health.js';
import opsRoutes from './routes/ops.js';
import staticAssets from './routes/static-assets.js';
import widgetRoutes from './routes/widget.js';

// Error messages name the problem ("Too big: expected string to have <=4000 characters").
z.config(z.locales.en());

/** How long clients may take to come back after a SIGTERM (each picks a random delay below it). */
const RECONNECT_WITHIN_MS = 5_000;

export type Server = {
  app: FastifyInstance;
  seed: SeedResult;
  /** Listens; resolves with the bound address. */
  start(): Promise<string>;
  /** Drains: clients are told to reconnect, queued writes commit, then everything closes. */
  stop(): Promise<void>;
};

/** Builds the whole server (database, plugins, routes) without listening: tests run the real thing. */
export async function createServer(
  env: Env,
  opts: {
    logger?: boolean;
    /** Where log lines go instead of stdout (tests read them to prove secrets stay out of logs). */
    logStream?: { write(line: string): void };
    admin?: AdminOptions;
  } = {},
): Promise<Server> {
  const db = await openDatabase(env.databaseUrl, { synchronous: env.sqliteSynchronous });
  const seed = await seedFirstRun(db.prisma, {
    adminEmail: env.adminEmail,
    adminPassword: env.adminPassword,
    publicOrigin: env.publicOrigin,
  });
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: env.logLevel,
            ...logRedaction,
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    trustProxy: env.trustProxy,
    bodyLimit: 256 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(corePlugin, { env, db });
  await app.register(httpErrors);
  await app.register(authPlugin);
  await app.register(filesPlugin);
  await app.register(rateLimits);
  await app.register(websocket, { options: { maxPayload: 1024 * 1024, perMessageDeflate: false } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Live chat API',
        version: '1.0.0',
        description:
          'REST API of the live-chat server. Real-time traffic uses the WebSocket protocol in packages/protocol. ' +
          'Authenticate with the console session cookie or a personal API token (Authorization: Bearer lct_..., ' +
          'created under /api/me/tokens) whose scopes cover the route: conversations:read (GET), ' +
          'conversations:write (other methods), admin (/api/admin/*).',
      },
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'Personal API token (lct_...)' },
          session: { type: 'apiKey', in: 'cookie', name: 'lc_session' },
        },
      },
      security: [{ apiToken: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(securityHeaders);

  await app.register(healthRoutes);
  await app.register(opsRoutes);
  await app.register(authRoutes);
  await app.register(widgetRoutes);
  await app.register(conversationRoutes);
  await app.register(directoryRoutes);
  await app.register(attachmentRoutes);
  await app.register(conversationReopenRoutes);
  await app.register(cannedResponseRoutes);
  await app.register(adminPlugin, opts.admin ?? {});
  await app.register(realtimeRoutes);
  await app.register(demoRoutes);
  await app.register(staticAssets);

  let stopping: Promise<void> | null = null;
  return {
    app,
    seed,
    async start() {
      return app.listen({ port: env.port, host: env.host });
    },
    stop() {
      stopping ??= (async () => {
        // Routing first: agents' sockets closing below must not requeue their chats from here.
        await app.router.stop();
        app.sockets.drain(RECONNECT_WITHIN_MS);
        await app.close();
      })();
      return stopping;
    },
  };
}
