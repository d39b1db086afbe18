import type { WebSocketRoute } from '@playwright/test';
import { collectPageErrors, expect, nonce, serverUrl, test } from './support/index.js';
import { messages, queueRow, sharedAdminApi, visitorStartsChat } from './support/console.js';

// The agent's connection drops (network off AND the open socket closed: Chromium's offline mode
// alone leaves an open WebSocket up) while the visitor writes. After coming back the console
// reconnects and replays by itself: every message, once, in order.
test('an agent offline while the visitor writes gets every message once, in order', async ({ browser }) => {
  const first = nonce('before-drop');
  const missed = [nonce('missed-1'), nonce('missed-2'), nonce('missed-3')];
  const visitor = await visitorStartsChat(browser, first);
  const context = await browser.newContext({ storageState: await (await sharedAdminApi()).storageState() });
  try {
    const agent = await context.newPage();
    const errors = collectPageErrors(agent);
    let offline = false;
    let connections = 0;
    const open: WebSocketRoute[] = [];
    // Every console socket goes through this route, so the test can cut it like a dead network.
    await agent.routeWebSocket(/\/ws\/agent$/, (ws) => {
      if (offline) {
        void ws.close({ code: 1011, reason: 'offline' });
        return;
      }
      connections += 1;
      ws.connectToServer();
      open.push(ws);
    });
    await agent.goto(`${serverUrl()}/`);
    await queueRow(agent, first).click();
    await agent.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(agent.getByText('Assigned to you')).toBeVisible();
    await expect(messages(agent, first)).toHaveCount(1);
    const connectionsBefore = connections;

    offline = true;
    await context.setOffline(true);
    for (const ws of open.splice(0)) await ws.close({ code: 1011, reason: 'network lost' });
    await expect(agent.getByTestId('connection-banner')).toBeVisible();

    for (const text of missed) await visitor.send(text);
    for (const text of missed) await expect(messages(agent, text)).toHaveCount(0);

    offline = false;
    await context.setOffline(false);
    await expect(agent.getByTestId('connection-banner')).toBeHidden({ timeout: 20_000 });
    expect(connections).toBeGreaterThan(connectionsBefore);

    const texts = [first, ...missed];
    for (const text of texts) await expect(messages(agent, text)).toHaveCount(1);
    const shown = await agent.getByTestId('message').allInnerTexts();
    const positions = texts.map((t) => shown.findIndex((m) => m.includes(t)));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await visitor.context.close();
  }
});
