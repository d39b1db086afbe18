import { ApiError, LoginBody, MeResponse, OkResponse } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { agentContextParts, SESSION_COOKIE } from '../auth/agent-context.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import { agentOf } from '../plugins/auth.js';
import { topics } from '../bus/bus.js';

/** A hash to verify against when the email is unknown, so both cases take the same time. */
const dummyHash = hashPassword('not-a-real-password');

const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: app.env.publicUrl.startsWith('https:'),
  };

  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], body: LoginBody, response: { 200: MeResponse, 401: ApiError } },
      config: { rateLimit: { max: app.env.loginRatePerMin, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      if (!app.isConsoleOrigin(request)) throw new DomainError('forbidden', 'Sign in from the console');
      const { email, password } = request.body;
      const agent = await app.db.prisma.agent.findUnique({ where: { email: email.toLowerCase() } });
      const ok = await verifyPassword(agent?.passwordHash ?? (await dummyHash), password);
      if (!agent || !ok || !agent.active) throw new DomainError('unauthorized', 'Wrong email or password');
      const token = newToken();
      const expiresAt = new Date(Date.now() + app.env.sessionTtlMs);
      await app.db.prisma.agentSession.create({
        data: { agentId: agent.id, tokenHash: hashToken(token), expiresAt },
      });
      void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
      return { agent: (await agentContextParts(app.db.prisma, agent.id)).me };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], response: { 200: OkResponse } }, onRequest: app.requireAgent },
    async (request, reply) => {
      const ctx = agentOf(request);
      await app.db.prisma.agentSession.update({ where: { id: ctx.sessionId }, data: { revoked: true } });
      // Every process closes this session's sockets at once (DESIGN.md: revocation on the agent topic).
      await app.bus.publish(topics.agent(ctx.me.id), {
        kind: 'agent.revoked',
        agentId: ctx.me.id,
        sessionId: ctx.sessionId,
        reason: 'Signed out',
      });
      void reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: { tags: ['auth'], response: { 200: MeResponse, 401: ApiError } },
      onRequest: app.requireAgent,
    },
    (request) => ({
      agent: agentOf(request).me,
    }),
  );
  await Promise.resolve();
};
export default authRoutes;
