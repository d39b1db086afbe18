import { collectPageErrors, expect, nonce, test } from './support/index.js';
import {
  PNG_1PX,
  agentClaims,
  agentContext,
  agentReplies,
  expectHistory,
  hostSite,
  launcher,
  messages,
  openWidget,
  sendFromWidget,
} from './support/widget-helpers.js';

// The whole chat through the embedded widget, on a host page of another site with hostile CSS:
// greeting, queue, claim, typing both ways, replies, read receipts, a second tab live, an image,
// emoji, the unread badge, the close, CSAT and a new chat.

test('the whole chat in the widget, against an agent in the console', async ({ browser }) => {
  const site = await hostSite();
  const first = nonce('visitor-first');
  const reply = nonce('agent-reply');
  const later = nonce('agent-later');
  const whileClosed = nonce('agent-while-closed');

  const visitorContext = await browser.newContext();
  const agentCtx = await agentContext(browser);
  try {
    const visitor = await visitorContext.newPage();
    const agent = await agentCtx.newPage();
    const errors = [...collectPageErrors(visitor), ...collectPageErrors(agent)];

    await test.step('the launcher keeps its shape whatever the host CSS, and nothing is stored before a click', async () => {
      await visitor.goto(site.url);
      const box = await launcher(visitor).boundingBox();
      expect(box?.width).toBe(56);
      expect(box?.height).toBe(56);
      expect(await visitor.evaluate(() => localStorage.length)).toBe(0);
      expect(await visitorContext.cookies()).toEqual([]);
      expect(await visitor.evaluate(() => Object.keys(window).filter((k) => /livechat/i.test(k)))).toEqual([
        'LiveChat',
      ]);
    });

    const chat = await openWidget(visitor);
    await test.step('the visitor writes and waits in the queue', async () => {
      await expect(chat.locator('.greeting')).toBeVisible();
      await sendFromWidget(chat, first);
      await expect(messages(chat, first)).toHaveCount(1);
      await expect(chat.getByText('Waiting for an agent')).toBeVisible();
      // The composer's text is 16px or more (no iOS zoom), whatever the host's 40px fantasy rule says.
      const size = await chat
        .getByLabel('Message', { exact: true })
        .evaluate((el) => getComputedStyle(el).fontSize);
      expect(parseFloat(size)).toBeGreaterThanOrEqual(16);
    });

    await test.step('an agent claims it: the visitor sees who joined', async () => {
      await agentClaims(agent, first);
      await expect(chat.getByTestId('event').filter({ hasText: 'joined the conversation' })).toHaveCount(1);
      await expect(chat.getByText('Waiting for an agent')).toBeHidden();
    });

    await test.step('typing shows both ways', async () => {
      await chat.getByLabel('Message', { exact: true }).pressSequentially('typing preview', { delay: 20 });
      await expect(agent.getByText('typing preview')).toBeVisible();
      await chat.getByLabel('Message', { exact: true }).fill('');
      await agent.getByLabel('Reply', { exact: true }).pressSequentially('hm', { delay: 30 });
      await expect(chat.getByText(/is typing/)).toBeVisible();
    });

    await test.step('the reply arrives at once, and the visitor message shows as seen', async () => {
      await agentReplies(agent, reply);
      await expect(messages(chat, reply)).toHaveCount(1, { timeout: 5_000 });
      await expect(messages(chat, first).locator('.status')).toHaveText(/Seen/);
    });

    await test.step('a second tab shows the same conversation, live', async () => {
      const second = await visitorContext.newPage();
      errors.push(...collectPageErrors(second));
      await second.goto(site.url);
      const chat2 = await openWidget(second);
      await expectHistory(chat2, [first, reply]);
      await agentReplies(agent, later);
      await expect(messages(chat2, later)).toHaveCount(1);
      await expect(messages(chat, later)).toHaveCount(1);
      await second.close();
    });

    await test.step('an image goes through the paperclip and shows inline on both sides', async () => {
      await chat
        .getByLabel('Attach a file')
        .setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: PNG_1PX });
      await expect(chat.getByRole('img', { name: 'pixel.png' })).toBeVisible();
      await expect(
        agent
          .getByTestId('message')
          .filter({ hasText: 'pixel.png' })
          .or(agent.getByRole('img', { name: 'pixel.png' }))
          .first(),
      ).toBeVisible();
    });

    await test.step('the emoji picker loads on demand and inserts at the cursor', async () => {
      await chat.getByRole('button', { name: 'Emoji' }).click();
      await chat.getByRole('group', { name: 'Emoji' }).getByRole('button', { name: '😀' }).click();
      await expect(chat.getByLabel('Message', { exact: true })).toHaveValue('😀');
      await chat.getByLabel('Message', { exact: true }).fill('');
    });

    await test.step('with the panel closed, a reply raises the unread badge', async () => {
      await launcher(visitor).click();
      await expect(launcher(visitor)).toHaveAttribute('aria-expanded', 'false');
      await expect(visitor.locator('iframe[title="Chat"]')).toBeHidden();
      await agentReplies(agent, whileClosed);
      await expect(visitor.locator('livechat-widget .b')).toHaveText('1');
      await launcher(visitor).click();
      await expect(visitor.locator('livechat-widget .b')).toBeHidden();
      await expect(messages(chat, whileClosed)).toHaveCount(1);
    });

    await test.step('the agent closes: the visitor rates it and can start a new chat', async () => {
      await agent.getByRole('button', { name: 'Close conversation' }).click();
      const rating = chat.getByRole('form', { name: 'How was this conversation?' });
      await expect(rating).toBeVisible();
      // The star (the radio's label) takes the click, as it does for a visitor.
      await rating.getByRole('radio', { name: '5 of 5 stars' }).check({ force: true });
      await rating.getByLabel('Anything to add? (optional)').fill('Quick and kind');
      await rating.getByRole('button', { name: 'Send rating' }).click();
      await expect(chat.getByTestId('rating-thanks')).toBeVisible();
      await chat.getByRole('button', { name: 'Start a new chat' }).click();
      await expect(chat.getByLabel('Message', { exact: true })).toBeVisible();
    });

    expect(errors, 'uncaught errors').toEqual([]);
  } finally {
    await visitorContext.close();
    await agentCtx.close();
  }
});
