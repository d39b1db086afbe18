import type { Frame, Page } from '@playwright/test';
import { collectPageErrors, expect, nonce, test } from './support/index.js';
import {
  agentClaims,
  agentContext,
  expectHistory,
  hostSite,
  messages,
  openWidget,
  sendFromWidget,
  trackWebSockets,
} from './support/widget-helpers.js';

// Messages written while the connection is down wait in the outbox and go out on reconnect, in
// order, once each. The drop is real: the browser goes offline AND the open socket is closed
// (Chromium's setOffline alone leaves open WebSockets up).

function panelFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().includes('/widget/index.html'));
  if (!frame) throw new Error('no panel frame');
  return frame;
}

const socketCount = (frame: Frame): Promise<number> =>
  frame.evaluate(() => (Reflect.get(window, '__livechatSockets') as WebSocket[]).length);

test('the outbox sends what was written offline once, in order, after reconnecting', async ({ browser }) => {
  const site = await hostSite();
  const before = nonce('before-drop');
  const offline = [nonce('offline-1'), nonce('offline-2'), nonce('offline-3')];

  const visitorContext = await browser.newContext();
  const agentCtx = await agentContext(browser);
  try {
    const visitor = await visitorContext.newPage();
    const errors = collectPageErrors(visitor);
    await trackWebSockets(visitor);
    await visitor.goto(site.url);
    const chat = await openWidget(visitor);
    await sendFromWidget(chat, before);
    await expect(messages(chat, before).locator('.status')).toHaveText(/Sent|Seen/);
    const frame = panelFrame(visitor);
    const socketsBefore = await socketCount(frame);

    await test.step('the connection drops: the panel says so', async () => {
      await visitorContext.setOffline(true);
      await frame.evaluate(() => {
        for (const socket of Reflect.get(window, '__livechatSockets') as WebSocket[]) socket.close();
      });
      await expect(chat.getByTestId('connection-banner')).toBeVisible();
    });

    await test.step('messages written meanwhile wait in the outbox', async () => {
      for (const text of offline) await sendFromWidget(chat, text);
      for (const text of offline) await expect(messages(chat, text)).toHaveAttribute('data-status', 'queued');
    });

    await test.step('back online: a new socket, the outbox drains in order', async () => {
      await visitorContext.setOffline(false);
      await expect(chat.getByTestId('connection-banner')).toBeHidden({ timeout: 35_000 });
      // Acked messages carry their seq; pending ones a data-status.
      for (const text of offline)
        await expect(messages(chat, text)).toHaveAttribute('data-seq', /^\d+$/, { timeout: 15_000 });
      expect(await socketCount(frame)).toBeGreaterThan(socketsBefore);
      await expectHistory(chat, [before, ...offline]);
    });

    await test.step('the agent has each message exactly once, in order', async () => {
      const agent = await agentCtx.newPage();
      // The queue row shows the latest message.
      await agentClaims(agent, offline[2] ?? '');
      await expectHistory(agent, [before, ...offline]);
    });

    expect(errors, 'uncaught errors').toEqual([]);
  } finally {
    await visitorContext.close();
    await agentCtx.close();
  }
});
