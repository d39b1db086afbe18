import type { FastifyInstance } from 'fastify';
import { agentFromSessionToken, SESSION_COOKIE } from '../auth/agent-context.js';
import { AgentSocket } from './agent-socket.js';
import { VisitorSocket } from './visitor-socket.js';

/**
 * The WebSocket gateway. Visitors authenticate in their first frame (no cookie, no token in the URL);
 * agents by session cookie plus the console's exact Origin, checked before the upgrade.
 */
export default async function realtimeRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/ws/visitor',
    {
      websocket: true,
      schema: { hide: true },
      preValidation: async (request, reply) => {
        // The panel is served by this server, so its sockets come from our own origin.
        if (request.headers.origin !== app.env.publicOrigin) {
          await reply.code(403).send({ error: { code: 'forbidden', message: 'Bad origin' } });
        }
      },
    },
    (socket, request) => {
      new VisitorSocket(socket, app, request.headers['user-agent'] ?? null);
    },
  );

  app.get(
    '/ws/agent',
    {
      websocket: true,
      schema: { hide: true },
      preValidation: async (request, reply) => {
        if (!app.isConsoleOrigin(request)) {
          return reply.code(403).send({ error: { code: 'forbidden', message: 'Bad origin' } });
        }
        const ctx = await agentFromSessionToken(app.db.prisma, request.cookies[SESSION_COOKIE]);
        if (!ctx) return reply.code(401).send({ error: { code: 'unauthorized', message: 'Sign in first' } });
        request.agent = ctx;
      },
    },
    (socket, request) => {
      if (!request.agent) return socket.close(4401, 'unauthorized');
      new AgentSocket(socket, app, request.agent);
    },
  );
  await Promise.resolve();
}
