import { startHostPage } from './host-page.js';
import { ADMIN, startServer } from './server-process.js';

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
  try {
    await roomForManyChats(server.url);
  } catch (error) {
    await hostPage.stop();
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

/**
 * Every journey claims chats as the seeded admin in one shared server, and few close them: lift the
 * admin's capacity (default 5) through the admin API so a later journey is not refused for an earlier
 * one's chats. Capacity itself is tested in the server's claim-race tests.
 */
async function roomForManyChats(serverUrl: string): Promise<void> {
  const origin = new URL(serverUrl).origin;
  const login = await fetch(`${serverUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  const me: unknown = await login.json();
  const id =
    typeof me === 'object' &&
    me !== null &&
    'agent' in me &&
    typeof me.agent === 'object' &&
    me.agent !== null &&
    'id' in me.agent
      ? me.agent.id
      : null;
  if (!cookie || typeof id !== 'string') throw new Error(`e2e: admin sign-in failed (${login.status})`);
  const patch = await fetch(`${serverUrl}/api/admin/agents/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', origin, cookie },
    body: JSON.stringify({ maxChats: 100 }),
  });
  if (!patch.ok)
    throw new Error(`e2e: could not raise the admin's capacity (${patch.status}): ${await patch.text()}`);
}
