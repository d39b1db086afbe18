import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './test-server.js';

/** The test server with an admin session and an agent session, and calls that use them. */
export async function startAdminTestServer(extraEnv: Record<string, string> = {}) {
  // Uploaded files of these tests go to a temporary directory, never the repository's data/.
  const filesDir = mkdtempSync(join(tmpdir(), 'livechat-files-'));
  const t = await startTestServer({ FILES_DIR: filesDir, ...extraEnv });
  const adminCookie = await t.login();
  const agent = await t.createAgent('Plain Agent');
  const asAdmin = (method: string, path: string, body?: unknown) =>
    t.api(method, path, { cookie: adminCookie, ...(body === undefined ? {} : { body }) });
  const asAgent = (method: string, path: string, body?: unknown) =>
    t.api(method, path, { cookie: agent.cookie, ...(body === undefined ? {} : { body }) });
  // A copy, not Object.assign: `stop` below must still reach the server's own stop.
  return {
    ...t,
    adminCookie,
    agent,
    asAdmin,
    asAgent,
    async stop() {
      await t.stop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
export type AdminTestServer = Awaited<ReturnType<typeof startAdminTestServer>>;

/** A request with a bearer token and no Origin, as an integration calls the API. */
export async function withToken(t: TestServer, token: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as unknown };
}

export type ReceivedHook = { headers: IncomingMessage['headers']; body: string };

/** A webhook receiver on localhost that records each request and answers with the next status given. */
export async function startHookReceiver(statuses: number[] = []) {
  const received: ReceivedHook[] = [];
  const waiters: Array<() => void> = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** Resolves once `n` requests have arrived (or fails after the timeout). */
    async waitFor(n: number, timeoutMs = 5000): Promise<ReceivedHook[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} webhook calls, got ${received.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 100);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
