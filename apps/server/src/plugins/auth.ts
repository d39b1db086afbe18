import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { agentFromSessionToken, SESSION_COOKIE, type AgentContext } from '../auth/agent-context.js';
import { DomainError } from '../domain/domain-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in agent, set by `app.requireAgent`. */
    agent: AgentContext | null;
  }
  interface FastifyInstance {
    requireAgent: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** True when the request's Origin is the console's own (PUBLIC_URL). */
    isConsoleOrigin: (request: FastifyRequest) => boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Agent authentication: the session cookie (httpOnly, SameSite=Lax) plus, for every state-changing
 * request, the exact console Origin. SameSite alone lets sibling subdomains through.
 */
export default fp(
  async (app) => {
    await app.register(cookie);
    app.decorateRequest('agent', null);
    app.decorate(
      'isConsoleOrigin',
      (request: FastifyRequest) => request.headers.origin === app.env.publicOrigin,
    );
    app.decorate('requireAgent', async (request: FastifyRequest) => {
      if (!SAFE_METHODS.has(request.method) && !app.isConsoleOrigin(request)) {
        throw new DomainError('forbidden', 'Requests must come from the console');
      }
      const ctx = await agentFromSessionToken(app.db.prisma, request.cookies[SESSION_COOKIE]);
      if (!ctx) throw new DomainError('unauthorized', 'Sign in first');
      request.agent = ctx;
    });
    app.decorate('requireAdmin', async (request: FastifyRequest, reply: FastifyReply) => {
      await app.requireAgent(request, reply);
      if (request.agent?.me.role !== 'ADMIN') throw new DomainError('forbidden', 'Admins only');
    });
  },
  { name: 'auth', dependencies: ['core'] },
);

/** The signed-in agent of a route behind `requireAgent`. */
export function agentOf(request: FastifyRequest): AgentContext {
  if (!request.agent) throw new DomainError('unauthorized', 'Sign in first');
  return request.agent;
}
