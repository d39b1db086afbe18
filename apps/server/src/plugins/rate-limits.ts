import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';

/**
 * Request limits (sign-in, invites, uploads, visitor sessions), which routes opt into with
 * `config.rateLimit`. One process counts in memory; with REDIS_URL the counts live in Redis, so a
 * limit holds for all processes behind the proxy together rather than for each of them.
 */
export default fp(
  async (app) => {
    const { redisUrl, redisKeyPrefix } = app.env;
    if (!redisUrl) {
      await app.register(rateLimit, { global: false });
      return;
    }
    // A connection of its own (the plugin defines its Lua commands on it), with short timeouts as the
    // plugin's README advises: a request must not hang on an unreachable Redis.
    const redis = new Redis(redisUrl, { connectTimeout: 1_000, maxRetriesPerRequest: 1 });
    redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis rate limits'));
    app.addHook('onClose', async () => {
      redis.disconnect();
      await Promise.resolve();
    });
    await app.register(rateLimit, {
      global: false,
      redis,
      nameSpace: `${redisKeyPrefix}rate-limit:`,
      // Redis down: requests go through unlimited rather than failing, so agents can still sign in
      // during an outage (each attempt still pays for a password hash).
      skipOnError: true,
    });
  },
  { name: 'rate-limits', dependencies: ['core'] },
);
