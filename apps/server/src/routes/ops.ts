import type { FastifyInstance } from 'fastify';

/**
 * /metrics (Prometheus text format) and /readyz (the database answers). /healthz (liveness) is in
 * health.ts. Expose /metrics only to your monitoring network (see docs/deploy.md).
 */
export default async function opsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics());
  });

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await app.db.ping();
      return await reply.send({ status: 'ready' });
    } catch (err) {
      app.log.warn({ err }, 'not ready');
      return reply.code(503).send({ status: 'not ready' });
    }
  });
  await Promise.resolve();
}
