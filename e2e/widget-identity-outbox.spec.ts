import type { WebSocketRoute } from '@playwright/test';
import { collectPageErrors, expect, nonce, test } from './support/index.js';
import {
  adminApi,
  agentClaims,
  agentContext,
  expectHistory,
  findConversation,
  hostSite,
  identityHash,
  identitySecret,
  messages,
  openWidget,
  panel,
  sendFromWidget,
  waitForConversation,
} from './support/widget-helpers.js';

// An anonymous visitor writes while the chat connection is down, then the host page logs them in
// (identify() with a valid hash). The server links the visitor and moves the conversation to the
// verified user; the loader gets a new token and the panel restarts on it. The messages the visitor
// wrote and never saw acked must survive that switch and reach the agent once each, in the moved
// conversation: the one the server stored before the switch (its ack was lost) as well as the one it
// never got. The panel's socket goes through a route the test can cut, as in widget-outbox-reload;
// the session request (HTTP) is left alone, so the link itself succeeds.

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

test('unsent messages survive identify() and reach the agent once, in the verified user’s conversation', async ({
  browser,
}) => {
  const site = await hostSite();
  const secret = await identitySecret(site.siteId);
  const userId = nonce('user');
  const before = nonce('before-identify');
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
  const api = await adminApi();
  try {
    const visitor = await visitorContext.newPage();
    const errors = collectPageErrors(visitor);
    await visitor.goto(site.url);
    const chat = await openWidget(visitor);
    await sendFromWidget(chat, before);
    await expect(messages(chat, before).locator('.status')).toHaveText(/Sent|Seen/);
    const anonymous = await waitForConversation(api, before);
    expect(anonymous.visitorVerified, 'an anonymous visitor so far').toBe(false);

    await test.step('a message reaches the server but its ack never comes back', async () => {
      link = 'acks lost';
      await sendFromWidget(chat, ackLost);
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

    await test.step('the host page logs the visitor in: the panel restarts as the user, both still waiting', async () => {
      const frame = visitor.locator('iframe[title="Chat"]');
      await frame.evaluate((element) => element.setAttribute('data-journey', 'anonymous'));
      await visitor.evaluate(([id, hash]) => window.LiveChat?.identify({ userId: id, hash }), [
        userId,
        identityHash(userId, secret),
      ] as const);
      await expect(visitor.locator('iframe[data-journey="anonymous"]')).toHaveCount(0);
      await expect(frame).toBeInViewport();
      await expect
        .poll(() => visitor.evaluate((key) => localStorage.getItem(key) ?? '', `livechat:${site.siteKey}`))
        .toContain(`"uid":"${userId}"`);
      const user = panel(visitor);
      for (const text of [ackLost, offline])
        await expect(messages(user, text)).toHaveAttribute('data-status', 'queued');
    });

    await test.step('back online: both are acked, shown once each, and the tab forgets them', async () => {
      link = 'up';
      // The 'online' event makes the panel reconnect now rather than after its backoff.
      await visitorContext.setOffline(true);
      await visitorContext.setOffline(false);
      const user = panel(visitor);
      for (const text of [ackLost, offline])
        await expect(messages(user, text)).toHaveAttribute('data-seq', /^\d+$/, { timeout: 35_000 });
      await expectHistory(user, [before, ackLost, offline]);
      await expect.poll(() => visitor.evaluate((key) => sessionStorage.getItem(key), outboxKey)).toBeNull();
    });

    await test.step('the agent has the moved conversation, now the verified user’s, each message once', async () => {
      const moved = await waitForConversation(api, offline);
      expect(moved.id, 'the anonymous conversation moved to the user').toBe(anonymous.id);
      expect(moved.visitorVerified, 'the console marks the visitor verified').toBe(true);
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
