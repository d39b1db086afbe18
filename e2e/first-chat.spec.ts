import type { FrameLocator, Locator, Page } from '@playwright/test';
import { collectPageErrors, expect, loginAsAdmin, nonce, prepareHostSite, test } from './support/index.js';

// The first journey: a visitor on a customer's site (127.0.0.1) starts a chat through the embedded
// widget, an agent in the console (localhost) claims and answers it, both keep the history across a
// reload, and the agent closes it. Nonces make every assertion specific to this run's messages.

test('a visitor starts a chat, an agent claims and answers it, both keep the history', async ({
  browser,
}) => {
  const site = await prepareHostSite();
  const visitorText = nonce('visitor-hello');
  const agentText = nonce('agent-reply');

  const visitorContext = await browser.newContext();
  const agentContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    const agent = await agentContext.newPage();
    const visitorErrors = collectPageErrors(visitor);
    const agentErrors = collectPageErrors(agent);

    await test.step('visitor opens the widget on the host page and sends a message', async () => {
      await visitor.goto(site.url);
      await launcher(visitor).click();
      const chat = panel(visitor);
      await expect(visitor.locator('iframe[title="Chat"]')).toBeInViewport();
      await chat.getByLabel('Message', { exact: true }).fill(visitorText);
      await chat.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(messages(chat, visitorText)).toHaveCount(1);
    });

    await test.step('agent signs in, finds the conversation in the queue and claims it', async () => {
      await loginAsAdmin(agent);
      const queueTab = agent
        .getByRole('link', { name: /^Queue\b/ })
        .or(agent.getByRole('tab', { name: /^Queue\b/ }))
        .or(agent.getByRole('button', { name: /^Queue\b/ }));
      await queueTab.first().click();
      const row = agent.getByTestId('conversation-item').filter({ hasText: visitorText });
      await expect(row).toHaveCount(1);
      await row.click();
      await expect(messages(agent, visitorText)).toHaveCount(1);
      await agent.getByRole('button', { name: 'Claim', exact: true }).click();
      await expect(agent.getByRole('button', { name: 'Claim', exact: true })).toBeHidden();
    });

    await test.step('agent replies and the visitor sees it at once', async () => {
      await agent.getByLabel('Reply', { exact: true }).fill(agentText);
      await agent.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(messages(agent, agentText)).toHaveCount(1);
      // Pushed over the socket: no reload, and well under the default expect timeout.
      await expect(messages(panel(visitor), agentText)).toHaveCount(1, { timeout: 5_000 });
    });

    await test.step('after a reload both see the same history, once each and in order', async () => {
      await visitor.reload();
      // A conversation is going, so the panel should reopen by itself; open it if it stays closed.
      const reopened = await visitor
        .locator('iframe[title="Chat"]')
        .waitFor({ state: 'visible', timeout: 5_000 })
        .then(
          () => true,
          () => false,
        );
      if (!reopened) await launcher(visitor).click();
      await expectHistory(panel(visitor), [visitorText, agentText]);

      // The console restores the open conversation from its URL.
      await agent.reload();
      await expectHistory(agent, [visitorText, agentText]);
    });

    await test.step('agent closes the conversation', async () => {
      await agent.getByRole('button', { name: 'Close conversation' }).click();
      await expect(agent.getByRole('button', { name: 'Close conversation' })).toBeHidden();
      // Closing keeps the history visible to the visitor.
      await expect(messages(panel(visitor), agentText)).toHaveCount(1);
    });

    expect(visitorErrors, 'uncaught errors on the host page').toEqual([]);
    expect(agentErrors, 'uncaught errors in the console').toEqual([]);
  } finally {
    await visitorContext.close();
    await agentContext.close();
  }
});

function launcher(page: Page): Locator {
  return page.locator('livechat-widget').getByRole('button', { name: 'Open chat' });
}

function panel(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Chat"]');
}

function messages(scope: Page | FrameLocator, text: string): Locator {
  return scope.getByTestId('message').filter({ hasText: text });
}

/** Each text appears exactly once (replay must not duplicate) and in the given order. */
async function expectHistory(scope: Page | FrameLocator, texts: string[]): Promise<void> {
  for (const text of texts) await expect(messages(scope, text)).toHaveCount(1);
  const shown = await scope.getByTestId('message').allInnerTexts();
  const positions = texts.map((text) => shown.findIndex((message) => message.includes(text)));
  expect(positions, `positions of ${JSON.stringify(texts)} in ${JSON.stringify(shown)}`).not.toContain(-1);
  expect(positions, `order of ${JSON.stringify(texts)} in ${JSON.stringify(shown)}`).toEqual(
    [...positions].sort((a, b) => a - b),
  );
}
