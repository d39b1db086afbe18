import type { WebSocketRoute } from '@playwright/test';
import { collectPageErrors, expect, nonce, test } from './support/index.js';
import {
  adminApi,
  agentClaims,
  agentContext,
  expectHistory,
  findConversation,
  hostSite,
  messages,
  openWidget,
  panel,
  sendFromWidget,
} from './support/widget-helpers.js';

// What the visitor wrote and never saw acked survives a reload of the host page: it is shown as
// waiting on the new page and sent once the socket is back, with its original clientMsgId, so the
// agent gets it exactly once, even a message that did reach the server before the reload (its ack
// was lost on the way back). The panel's socket goes through a route the test can cut: pass frames,
// swallow the server's answers to the visitor's own messages, or refuse every connection.

type Link = 'up' | 'acks lost' | 'down';

/** A server frame that tells the visitor one of their messages is stored (its ack, or its echo). */
function answersVisitorMessage(raw: string | Buffer): boolean {
  if (typeof raw !== 'string') return false;
  const frame: unknown = JSON.parse(raw);
  if (typeof frame !== 'object' || frame === null || !('type' in frame)) return false;
  if (frame.type === 'ack') return true;
  return (
    frame.type === 'message' &&
    'message' in frame &&
    typeof frame.message === 'object' &&
    frame.message !== null &&
    'authorKind' in frame.message &&
    frame.message.authorKind === 'VISITOR'
  );
}

test('unsent messages survive a reload and reach the agent exactly once', async ({ browser }) => {
  const site = await hostSite();
  const before = nonce('before-reload');
  const ackLost = nonce('stored-ack-lost');
  const offline = nonce('written-offline');
  const outboxKey = `livechat:${site.siteKey}:outbox`;

  let link: Link = 'up';
  const sockets: WebSocketRoute[] = [];
  const visitorContext = await browser.newContext();
  await visitorContext.routeWebSocket(/\/ws\/visitor$/, (ws) => {
    if (link === 'down') {
      void ws.close();
      return;
    }
    const server = ws.connectToServer();
    sockets.push(ws);
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      if (link === 'acks lost' && answersVisitorMessage(message)) return;
      ws.send(message);
    });
  });
  const agentCtx = await agentContext(browser);
  try {
    const visitor = await visitorContext.newPage();
    const errors = collectPageErrors(visitor);
    await visitor.goto(site.url);
    let chat = await openWidget(visitor);
    await sendFromWidget(chat, before);
    await expect(messages(chat, before).locator('.status')).toHaveText(/Sent|Seen/);

    await test.step('a message reaches the server but its ack never comes back', async () => {
      link = 'acks lost';
      await sendFromWidget(chat, ackLost);
      const api = await adminApi();
      await expect
        .poll(() => findConversation(api, ackLost), { message: 'stored on the server' })
        .not.toBeNull();
      await expect(messages(chat, ackLost)).toHaveAttribute('data-status', 'sending');
    });

    await test.step('the connection drops; a message written now waits, and the tab keeps both', async () => {
      link = 'down';
      for (const ws of sockets.splice(0)) await ws.close();
      await expect(chat.getByTestId('connection-banner')).toBeVisible();
      await sendFromWidget(chat, offline);
      await expect(messages(chat, offline)).toHaveAttribute('data-status', 'queued');
      await expect
        .poll(() => visitor.evaluate((key) => sessionStorage.getItem(key) ?? '', outboxKey))
        .toMatch(new RegExp(`${ackLost}.*${offline}`));
    });

    await test.step('after a reload, still offline, the panel shows both as waiting', async () => {
      await visitor.reload();
      chat = panel(visitor);
      await expect(visitor.locator('iframe[title="Chat"]')).toBeInViewport();
      for (const text of [ackLost, offline])
        await expect(messages(chat, text)).toHaveAttribute('data-status', 'queued');
    });

    await test.step('back online: both are acked, shown once each, and the tab forgets them', async () => {
      link = 'up';
      // The 'online' event makes the panel reconnect now rather than after its backoff.
      await visitorContext.setOffline(true);
      await visitorContext.setOffline(false);
      for (const text of [ackLost, offline])
        await expect(messages(chat, text)).toHaveAttribute('data-seq', /^\d+$/, { timeout: 35_000 });
      await expectHistory(chat, [before, ackLost, offline]);
      await expect.poll(() => visitor.evaluate((key) => sessionStorage.getItem(key), outboxKey)).toBeNull();
    });

    await test.step('the agent has each message exactly once, in order', async () => {
      const agent = await agentCtx.newPage();
      await agentClaims(agent, offline);
      await expectHistory(agent, [before, ackLost, offline]);
    });

    expect(errors, 'uncaught errors').toEqual([]);
  } finally {
    await visitorContext.close();
    await agentCtx.close();
  }
});
