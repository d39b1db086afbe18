import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from '../app.js';
import { dropPostgresSchema } from '../db/open-database.js';
import { readEnv } from '../env.js';
import { ADMIN, clientsFor, freePort } from './clients.js';
import { freshDatabaseUrl } from './database-url.js';

export { ADMIN, cid, WsClient } from './clients.js';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** The real server on a fresh database (SQLite, or PostgreSQL: database-url.ts) and a free port, with helpers that talk to it as clients do. */
export async function startTestServer(
  extraEnv: Record<string, string> = {},
  serverOpts: Parameters<typeof createServer>[1] = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'livechat-test-'));
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const env = readEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: origin,
    DATABASE_URL: freshDatabaseUrl(),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    LOGIN_RATE_PER_MIN: '1000',
    FILES_DIR: join(dir, 'files'),
    ...extraEnv,
  });
  const server: Server = await createServer(env, serverOpts);
  await server.start();
  const site = await server.app.db.prisma.site.findFirstOrThrow();
  const department = await server.app.db.prisma.department.findFirstOrThrow();

  const clients = clientsFor(port, origin, site.key);
  const { login } = clients;

  /** Creates an agent in the default department directly in the store and logs them in. */
  const createAgent = async (name: string, opts: { maxChats?: number; departmentId?: string } = {}) => {
    const { hashPassword } = await import('../auth/passwords.js');
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
    const agent = await server.app.db.prisma.agent.create({
      data: {
        email,
        name,
        passwordHash: await hashPassword('agent-password-1'),
        maxChats: opts.maxChats ?? 5,
        departments: { create: { departmentId: opts.departmentId ?? department.id } },
      },
    });
    return { agent, cookie: await login(email, 'agent-password-1') };
  };

  return {
    server,
    app: server.app,
    port,
    origin,
    site,
    department,
    ...clients,
    createAgent,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      // A schema of its own (PostgreSQL) goes too, unless other servers share it (extraEnv).
      if (env.databaseUrl.startsWith('postgres') && !extraEnv.DATABASE_URL)
        await dropPostgresSchema(env.databaseUrl);
    },
  };
}
