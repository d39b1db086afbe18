import { HealthResponse } from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const startedAt = Date.now();

/** Liveness for load balancers and the start script. */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { tags: ['ops'], response: { 200: HealthResponse } } }, () => ({
    status: 'ok' as const,
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
  }));
  await Promise.resolve();
};
export default healthRoutes;
