import { collectPageErrors, expect, nonce, test } from './support/index.js';
import {
  adminApi,
  hostSite,
  messages,
  openWidget,
  sendFromWidget,
  waitForConversation,
} from './support/widget-helpers.js';

// A site that asks for a name (required) and an email (optional) before the chat: the widget shows
// the form first, the visitor's name reaches the console, and a language override applies at once.

const PRECHAT_OFF = { enabled: false, nameRequired: false, emailRequired: false, askDepartment: false };

test('the pre-chat form asks what the site configured before the first message', async ({ browser }) => {
  const site = await hostSite();
  const api = await adminApi();
  const patched = await api.patch(`/api/admin/sites/${site.siteId}`, {
    data: { preChat: { enabled: true, nameRequired: true, emailRequired: false, askDepartment: false } },
  });
  expect(patched.ok(), `PATCH /api/admin/sites/:id answered ${patched.status()}`).toBe(true);
  const name = nonce('Ada');
  const text = nonce('prechat-question');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(site.url);
    const chat = await openWidget(page);

    const form = chat.getByTestId('prechat-form');
    await expect(form).toBeVisible();
    await expect(chat.getByLabel('Message', { exact: true })).toHaveCount(0);
    await form.getByRole('button', { name: 'Start chat' }).click();
    // The name is required: nothing moves on without it.
    await expect(form).toBeVisible();
    await form.getByLabel('Name', { exact: true }).fill(name);
    await expect(form.getByLabel('Email (optional)')).toBeVisible();
    await form.getByRole('button', { name: 'Start chat' }).click();

    await sendFromWidget(chat, text);
    await expect(messages(chat, text)).toHaveCount(1);
    await waitForConversation(api, name);

    // setLocale() switches the panel's language at once.
    await page.evaluate(() => window.LiveChat?.setLocale('zh-CN'));
    await expect(chat.getByLabel('消息', { exact: true })).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await api.patch(`/api/admin/sites/${site.siteId}`, { data: { preChat: PRECHAT_OFF } });
    await context.close();
  }
});
