import { collectPageErrors, expect, nonce, serverUrl, test } from './support/index.js';
import {
  adminApi,
  agentContext,
  hostSite,
  messages,
  openWidget,
  sendFromWidget,
  waitForConversation,
  waitUntilNobodyOnline,
} from './support/widget-helpers.js';

// Nobody online: the widget says so and offers to leave a message with an email (POST
// /api/widget/offline). The message becomes a conversation the agents find in the console's queue.

test('with no agent online, a left message with an email reaches the console queue', async ({ browser }) => {
  const site = await hostSite();
  await waitUntilNobodyOnline(serverUrl(), site.siteKey);
  const text = nonce('offline-question');
  const email = `${nonce('visitor')}@example.com`;

  const visitorContext = await browser.newContext();
  const agentCtx = await agentContext(browser);
  const api = await adminApi();
  try {
    const visitor = await visitorContext.newPage();
    const errors = collectPageErrors(visitor);
    await visitor.goto(site.url);
    const chat = await openWidget(visitor);

    await test.step('the panel says nobody is there and asks for an email', async () => {
      await expect(chat.getByRole('banner').getByText('We’re away right now')).toBeVisible();
      await expect(chat.getByLabel('Email', { exact: true })).toBeVisible();
    });

    await test.step('a malformed email is caught before anything is sent', async () => {
      const emailField = chat.getByLabel('Email', { exact: true });
      await emailField.fill('not-an-email');
      await sendFromWidget(chat, 'this should not leave');
      expect(await emailField.evaluate((el) => el instanceof HTMLInputElement && el.validity.valid)).toBe(
        false,
      );
      await expect(messages(chat, 'this should not leave')).toHaveCount(0);
    });

    await test.step('the visitor leaves a message with name and email', async () => {
      await chat.getByLabel('Name', { exact: true }).fill('Grace Hopper');
      await chat.getByLabel('Email', { exact: true }).fill(email);
      await sendFromWidget(chat, text);
      await expect(chat.getByTestId('offline-receipt')).toContainText(email);
      await expect(messages(chat, text)).toHaveCount(1);
    });

    await test.step('the agents find it in the console queue, with the email to answer by', async () => {
      await waitForConversation(api, text, 'queue');
      const agent = await agentCtx.newPage();
      await agent.goto(serverUrl());
      const queueTab = agent
        .getByRole('link', { name: /^Queue\b/ })
        .or(agent.getByRole('tab', { name: /^Queue\b/ }))
        .or(agent.getByRole('button', { name: /^Queue\b/ }));
      await queueTab.first().click();
      const row = agent.getByTestId('conversation-item').filter({ hasText: text });
      await expect(row).toHaveCount(1);
      await row.click();
      await expect(messages(agent, text)).toHaveCount(1);
      await expect(agent.getByText(email).first()).toBeVisible();
    });

    expect(errors, 'uncaught errors').toEqual([]);
  } finally {
    await visitorContext.close();
    await agentCtx.close();
  }
});
