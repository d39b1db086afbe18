import { ApiError, InviteAcceptBody, InviteAcceptResponse, InviteInfoResponse } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { acceptInvite, inviteByToken } from '../../domain/admin/agents.js';
import { DomainError } from '../../domain/domain-error.js';

const tags = ['auth'];
const TokenParams = z.object({ token: z.string().check(z.minLength(16), z.maxLength(200)) });

/** Invite and reset links (no sign-in: the token is the credential). */
const inviteRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/invites/:token',
    {
      schema: {
        tags,
        params: TokenParams,
        response: { 200: InviteInfoResponse, 400: ApiError, 404: ApiError },
      },
      config: { rateLimit: { max: app.env.loginRatePerMin, timeWindow: '1 minute' } },
    },
    async (request) => {
      const invite = await inviteByToken(app, request.params.token);
      return { email: invite.agent.email, name: invite.agent.name, expiresAt: invite.expiresAt.getTime() };
    },
  );

  app.post(
    '/api/invites/accept',
    {
      schema: {
        tags,
        body: InviteAcceptBody,
        response: { 200: InviteAcceptResponse, 400: ApiError, 403: ApiError, 404: ApiError },
      },
      config: { rateLimit: { max: app.env.loginRatePerMin, timeWindow: '1 minute' } },
    },
    async (request) => {
      if (!app.isConsoleOrigin(request)) throw new DomainError('forbidden', 'Use the link in the console');
      return { email: await acceptInvite(app, request.body.token, request.body.password) };
    },
  );
  await Promise.resolve();
};
export default inviteRoutes;
