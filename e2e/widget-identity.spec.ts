import type { Page } from '@playwright/test';
import { collectPageErrors, expect, nonce, test } from './support/index.js';
import {
  adminApi,
  expectHistory,
  hostSite,
  identityHash,
  identitySecret,
  messages,
  openWidget,
  sendFromWidget,
  waitForConversation,
} from './support/widget-helpers.js';

// identify() with a valid HMAC links the visitor to the user's history on any device (here: two
// browser contexts, which share nothing); a wrong hash links nothing, and the user's history stays
// private. shutdown() forgets the visitor on logout.

test('a verified user keeps their history across devices; a bad hash links nothing', async ({ browser }) => {
  const site = await hostSite();
  const secret = await identitySecret(site.siteId);
  const userId = nonce('user');
  const hash = identityHash(userId, secret);
  const text = nonce('from-laptop');

  const identifyThenOpen = async (page: Page, id: string, h: string) => {
    await page.goto(site.url);
    await page.waitForFunction(() => window.LiveChat !== undefined);
    await page.evaluate(
      ([u, hh]) =>
        window.LiveChat?.identify({ userId: u, hash: hh, name: 'Ada Lovelace', email: 'ada@example.com' }),
      [id, h] as const,
    );
    return openWidget(page);
  };

  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  const intruder = await browser.newContext();
  const api = await adminApi();
  try {
    const laptopPage = await laptop.newPage();
    const errors = collectPageErrors(laptopPage);

    await test.step('on the laptop the user identifies and writes', async () => {
      const chat = await identifyThenOpen(laptopPage, userId, hash);
      await sendFromWidget(chat, text);
      await expect(messages(chat, text)).toHaveCount(1);
      await expect(messages(chat, text).locator('.status')).toHaveText(/Sent|Seen/);
      const conversation = await waitForConversation(api, text);
      expect(conversation.visitorVerified, 'the console marks the visitor verified').toBe(true);
    });

    await test.step('on another device (nothing shared) the same user sees the same conversation', async () => {
      const page = await phone.newPage();
      errors.push(...collectPageErrors(page));
      const chat = await identifyThenOpen(page, userId, hash);
      await expectHistory(chat, [text]);
    });

    await test.step('someone claiming that user id with a wrong hash gets an empty, separate chat', async () => {
      const page = await intruder.newPage();
      errors.push(...collectPageErrors(page));
      const warnings: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
      });
      const chat = await identifyThenOpen(page, userId, 'f'.repeat(64));
      await expect(chat.getByLabel('Message', { exact: true })).toBeVisible();
      await expect(messages(chat, text)).toHaveCount(0);
      expect(warnings.join('\n')).toContain('was refused');
    });

    await test.step('shutdown() on logout forgets the visitor on that browser', async () => {
      await laptopPage.evaluate(() => window.LiveChat?.shutdown());
      expect(
        await laptopPage.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('livechat:'))),
      ).toEqual([]);
      await expect(laptopPage.locator('iframe[title="Chat"]')).toHaveCount(0);
      await laptopPage.reload();
      const chat = await openWidget(laptopPage);
      await expect(chat.getByLabel('Message', { exact: true })).toBeVisible();
      await expect(messages(chat, text)).toHaveCount(0);
    });

    expect(errors, 'uncaught errors').toEqual([]);
  } finally {
    await laptop.close();
    await phone.close();
    await intruder.close();
  }
});
