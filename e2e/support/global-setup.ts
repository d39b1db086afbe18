import { startHostPage } from './host-page.js';
import { startServer } from './server-process.js';

/**
 * Starts the real server and the host page once for the run. Workers are spawned after this, so
 * the URLs reach them (and the helpers in ./index.ts) through the environment. Playwright runs the
 * returned function as the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer();
  let hostPage;
  try {
    hostPage = await startHostPage(server.url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  process.env.E2E_SERVER_URL = server.url;
  process.env.E2E_HOST_PAGE_ORIGIN = hostPage.origin;
  process.stdout.write(`e2e: server ${server.url}, host page ${hostPage.origin}\n`);

  return async () => {
    await hostPage.stop();
    await server.stop();
  };
}
