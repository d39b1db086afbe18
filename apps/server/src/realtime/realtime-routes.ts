import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
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
      onRequest: rememberResponse,
      preValidation: async (request, reply) => {
        // The panel is served by this server, so its sockets come from our own origin.
        if (request.headers.origin !== app.env.publicOrigin) {
          await reply.code(403).send({ error: { code: 'forbidden', message: 'Bad origin' } });
        }
      },
    },
    (socket, request) => {
      const release = releaseUpgradeRequest(socket, request);
      new VisitorSocket(socket, app, request.headers['user-agent'] ?? null);
      release();
    },
  );

  app.get(
    '/ws/agent',
    {
      websocket: true,
      schema: { hide: true },
      onRequest: rememberResponse,
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
      const release = releaseUpgradeRequest(socket, request);
      if (!request.agent) socket.close(4401, 'unauthorized');
      else new AgentSocket(socket, app, request.agent);
      release();
    },
  );
  await Promise.resolve();
}

/** The upgrade's ServerResponse, by its request: the WebSocket handler is not given the reply. */
const upgradeResponses = new WeakMap<FastifyRequest['raw'], ServerResponse>();

function rememberResponse(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  upgradeResponses.set(request.raw, reply.raw);
  done();
}

/**
 * An open socket must not keep its upgrade request alive: measured with 2,000 idle visitors, the
 * Fastify request and reply, the raw IncomingMessage and ServerResponse, their headers and the
 * request's child logger cost ~2.5 KB per socket (idle_conn_kb, docs/performance.md). Two things
 * hold them: the net socket still points at the ServerResponse (`assignSocket` at the upgrade; the
 * reply was hijacked, so it is never finished and detached), and @fastify/websocket's 'error'
 * listener on the WebSocket closes over request and reply. Call before the session attaches its own
 * listeners; the returned function removes the plugin's listener once the session has its own, so
 * the socket always has an 'error' listener (the session logs errors; ws closes the socket itself).
 */
function releaseUpgradeRequest(socket: WebSocket, request: FastifyRequest): () => void {
  const response = upgradeResponses.get(request.raw);
  upgradeResponses.delete(request.raw);
  if (response?.socket === request.socket) response.detachSocket(request.socket);
  const upgradeListeners = socket.listeners('error');
  return () => {
    if (socket.listenerCount('error') <= upgradeListeners.length) return;
    for (const listener of upgradeListeners) socket.removeListener('error', listener as (err: Error) => void);
  };
}
