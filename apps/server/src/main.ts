import { createServer } from './app.js';
import { embedSnippet } from './domain/sites.js';
import { readEnv } from './env.js';

/** Process entry: settings, listen, the first-run banner, graceful shutdown. */
async function main(): Promise<void> {
  const env = readEnv();
  const server = await createServer(env);
  await server.start();
  const site = await server.app.db.prisma.site.findFirst({ orderBy: { createdAt: 'asc' } });
  const lines = [
    '',
    `  Live chat is running at ${env.publicUrl}`,
    `  Console:   ${env.publicUrl}/`,
    `  Demo page: ${env.publicUrl}/demo`,
    `  API docs:  ${env.publicUrl}/docs`,
  ];
  if (server.seed.admin) {
    lines.push(`  Admin login: ${server.seed.admin.email}`);
    lines.push(
      server.seed.admin.generatedPassword
        ? `  Admin password (shown once, change it): ${server.seed.admin.generatedPassword}`
        : '  Admin password: the ADMIN_PASSWORD you set',
    );
  } else {
    lines.push(`  Admin login: the admin created on first run (default ${env.adminEmail})`);
  }
  if (site) lines.push(`  Embed snippet: ${embedSnippet(env.publicUrl, site.key)}`);
  console.log(`${lines.join('\n')}\n`);

  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    server.app.log.info({ signal }, 'draining');
    server
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
