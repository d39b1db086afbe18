// Several processes behind nginx (docs/deploy.md): deploy/nginx/livechat.conf in real nginx, two
// built server processes on one database and Redis. The visitor's browser is served by process 1
// and the agent's by process 2, so every message, the claim and a file must cross between them.
// This journey brings its own deployment; the run's single server (global setup) is not used.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiAsAdmin, prepareHostSite } from './support/admin.js';
import { createAgent, departmentId, loginAs, messages, queueRow } from './support/console.js';
import { collectPageErrors, nonce } from './support/index.js';
import {
  DATABASE_PROVIDER,
  PIN_MARK,
  openSockets,
  startScaledDeployment,
  type ProcessUnderTest,
  type ScaledDeployment,
} from './support/scaled-deployment.js';
import { PNG_1PX, openWidget, sendFromWidget } from './support/widget-helpers.js';

let deployment: ScaledDeployment | undefined;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  deployment = await startScaledDeployment();
  process.stdout.write(
    `two-processes: nginx ${deployment.origin} -> ${deployment.processes.map((p) => p.port).join(', ')} ` +
      `on ${DATABASE_PROVIDER} (${deployment.databaseUrl})\n`,
  );
});

test.afterAll(async () => {
  await deployment?.stop();
});

/** Chromium's own User-Agent plus a mark: the rendered nginx config pins that browser to a process. */
async function pinnedPage(browser: Browser, mark: string): Promise<Page> {
  const probe = await browser.newPage();
  const userAgent = await probe.evaluate(() => navigator.userAgent);
  await probe.close();
  const context = await browser.newContext({ userAgent: `${userAgent} ${mark}` });
  return context.newPage();
}

/** The widget's subtitle while an agent of the site's department is online (not the away form). */
const ONLINE_SUBTITLE = 'We typically reply in a few minutes';

async function socketsOn(process: ProcessUnderTest): Promise<{ visitor: number; agent: number }> {
  const counts = await openSockets(process);
  return { visitor: counts.visitor ?? 0, agent: counts.agent ?? 0 };
}

test('a visitor served by process 1 and an agent served by process 2 chat through nginx', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  if (!deployment) throw new Error('the deployment did not start');
  const { origin, processes, nginx, hostPageOrigin } = deployment;
  const [first, second] = processes;

  // The admin's REST client is not pinned: its calls are balanced over both processes, and its one
  // session cookie works on either (sessions live in the database; no stickiness needed).
  const api = await apiAsAdmin(origin);
  const agentLogin = await createAgent(api, 'Scaled', [await departmentId(api, 'Support')]);
  const site = await prepareHostSite({ api, hostOrigin: hostPageOrigin });

  const agent = await pinnedPage(browser, PIN_MARK[1]);
  const visitor = await pinnedPage(browser, PIN_MARK[0]);
  const errors = [...collectPageErrors(agent), ...collectPageErrors(visitor)];
  const greeting = nonce('visitor-on-process-1');
  const reply = nonce('agent-on-process-2');
  const followUp = nonce('visitor-again');

  await test.step('the agent signs in through nginx; the console socket is on process 2', async () => {
    await loginAs(agent, agentLogin, origin);
    await expect.poll(() => socketsOn(second)).toEqual({ visitor: 0, agent: 1 });
    expect(await socketsOn(first)).toEqual({ visitor: 0, agent: 0 });
  });

  const chat =
    await test.step('the visitor opens the widget on the host page; their socket is on process 1', async () => {
      await visitor.goto(site.url);
      const panel = await openWidget(visitor);
      // Presence is shared through Redis: process 1 holds no console socket, yet must know that the
      // agent on process 2 is online, or the visitor would get the leave-a-message form, not a chat.
      await expect(panel.getByText(ONLINE_SUBTITLE)).toBeVisible();
      await sendFromWidget(panel, greeting);
      await expect(messages(panel, greeting)).toHaveCount(1);
      await expect.poll(() => socketsOn(first)).toEqual({ visitor: 1, agent: 0 });
      expect(await socketsOn(second)).toEqual({ visitor: 0, agent: 1 });
      return panel;
    });

  await test.step('the queued chat reaches the console on process 2; the agent claims and replies', async () => {
    await agent.getByRole('link', { name: /^Queue\b/ }).click();
    const row = queueRow(agent, greeting);
    await expect(row).toHaveCount(1);
    await row.click();
    await expect(messages(agent, greeting)).toHaveCount(1);
    await agent.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(agent.getByRole('button', { name: 'Claim', exact: true })).toBeHidden();
    await agent.getByLabel('Reply', { exact: true }).fill(reply);
    await agent.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(messages(agent, reply)).toHaveCount(1);
  });

  await test.step('the reply reaches the visitor on process 1, and the visitor answers', async () => {
    await expect(messages(chat, reply)).toHaveCount(1);
    await sendFromWidget(chat, followUp);
    await expect(messages(agent, followUp)).toHaveCount(1);
  });

  await test.step('a file uploaded through process 1 is served to the agent by process 2', async () => {
    await chat
      .getByLabel('Attach a file')
      .setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: PNG_1PX });
    await expect(chat.getByRole('img', { name: 'pixel.png' })).toBeVisible();
    const image = agent.getByRole('img', { name: 'pixel.png' });
    await expect(image).toBeVisible();
    // Loaded, not a broken icon: process 2 read the shared FILES_DIR and accepted a URL that
    // process 1 signed (one FILE_URL_SECRET, kept in the shared database).
    await expect
      .poll(() => image.evaluate((img) => img instanceof HTMLImageElement && img.naturalWidth > 0))
      .toBe(true);
  });

  await test.step('nginx: balanced REST without stickiness, gzip, /metrics not public', async () => {
    // The server sends scripts uncompressed; nginx gzips them.
    const script = await fetch(`${origin}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(script.headers.get('content-encoding'), 'widget.js through nginx').toBe('gzip');
    const metrics = await fetch(`${origin}/metrics`);
    expect(metrics.status, 'GET /metrics through nginx').toBe(404);
    // The unpinned REST client's calls were spread over both processes (least_conn), all answered.
    const lines = await nginx.accessLog();
    const unpinned = lines.filter(
      (line) => / "\w+ \/api\//.test(line) && !PIN_MARK.some((mark) => line.includes(mark)),
    );
    const servedBy = new Set(unpinned.map((line) => /upstream=127\.0\.0\.1:(\d+)/.exec(line)?.[1]));
    expect([...servedBy].sort(), unpinned.join('\n')).toEqual(
      [String(first.port), String(second.port)].sort(),
    );
    expect(
      unpinned.filter((line) => / (401|403|5\d\d) /.test(line)),
      'refused REST calls',
    ).toEqual([]);
  });

  for (const page of [agent, visitor]) await page.context().close();
  await api.dispose();

  await test.step('the WebSocket upgrades went through nginx to the pinned processes', async () => {
    // nginx logs a WebSocket when it closes, with the process that served it.
    const upgrades = async () =>
      (await nginx.accessLog()).filter((line) => / "GET \/ws\/\w+ [^"]*" 101 /.test(line));
    await expect.poll(async () => (await upgrades()).length).toBeGreaterThanOrEqual(2);
    const lines = await upgrades();
    const socket = (path: string, process: 0 | 1) =>
      lines.filter((line) => line.includes(`GET ${path} `) && line.includes(PIN_MARK[process]));
    expect(socket('/ws/visitor', 0).length, lines.join('\n')).toBeGreaterThan(0);
    expect(socket('/ws/agent', 1).length, lines.join('\n')).toBeGreaterThan(0);
    for (const [process, port] of [first.port, second.port].entries()) {
      const mark = PIN_MARK[process] ?? '';
      const elsewhere = lines.filter(
        (line) => line.includes(mark) && !line.includes(`upstream=127.0.0.1:${port} `),
      );
      expect(elsewhere, `sockets of ${mark} served by another process`).toEqual([]);
    }
  });

  expect(errors).toEqual([]);
});
