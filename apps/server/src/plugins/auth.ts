import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { agentFromSessionToken, SESSION_COOKIE, type AgentContext } from '../auth/agent-context.js';
import { agentFromApiToken, requiredScope, type ApiTokenContext } from '../domain/admin/api-tokens.js';
import { DomainError } from '../domain/domain-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in agent, set by `app.requireAgent`. */
    agent: AgentContext | null;
    /** Set when the request authenticated with a personal API token instead of the session cookie. */
    apiToken: ApiTokenContext | null;
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
    app.decorateRequest('apiToken', null);
    app.decorate(
      'isConsoleOrigin',
      (request: FastifyRequest) => request.headers.origin === app.env.publicOrigin,
    );
    app.decorate('requireAgent', async (request: FastifyRequest) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer) {
        // API tokens are exempt from the Origin rule: they are not ambient credentials a browser
        // attaches by itself, so a cross-site page cannot make the request with one.
        const ctx = await agentFromApiToken(app.db.prisma, bearer);
        if (!ctx) throw new DomainError('unauthorized', 'Unknown, expired or revoked API token');
        const scope = requiredScope(request.routeOptions.url ?? request.url, request.method);
        if (scope === 'never') throw new DomainError('forbidden', 'API tokens cannot use this route');
        if (!ctx.scopes.includes(scope))
          throw new DomainError('forbidden', `This API token lacks the ${scope} scope`);
        request.agent = ctx;
        request.apiToken = ctx;
        return;
      }
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
