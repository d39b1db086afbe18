import { collectPageErrors, expect, nonce, test } from './support/index.js';
import {
  adminApi,
  hostSite,
  messages,
  openWidget,
  sendFromWidget,
  waitForConversation,
} from './support/widget-helpers.js';

// After the agent closes the conversation the visitor rates it (1-5 and a comment); the rating is
// stored on the conversation, survives a reload, and the visitor can start a new chat.

test('the visitor rates a closed conversation and the rating is stored', async ({ browser }) => {
  const site = await hostSite();
  const text = nonce('csat-question');
  const context = await browser.newContext();
  const api = await adminApi();
  try {
    const visitor = await context.newPage();
    const errors = collectPageErrors(visitor);
    await visitor.goto(site.url);
    const chat = await openWidget(visitor);
    await sendFromWidget(chat, text);
    await expect(messages(chat, text)).toHaveAttribute('data-seq', /^\d+$/);

    const { id } = await waitForConversation(api, text, 'queue');
    expect((await api.post(`/api/conversations/${id}/claim`)).status()).toBe(200);
    expect((await api.post(`/api/conversations/${id}/close`)).status()).toBe(200);

    const rating = chat.getByRole('form', { name: 'How was this conversation?' });
    await expect(rating).toBeVisible();
    await expect(chat.getByLabel('Message', { exact: true })).toBeHidden();
    // Keyboard only: focus the first star, arrow to the fourth.
    await rating.getByRole('radio', { name: '1 of 5 stars' }).focus();
    for (let i = 0; i < 3; i++) await visitor.keyboard.press('ArrowRight');
    await expect(rating.getByRole('radio', { name: '4 of 5 stars' })).toBeChecked();
    await rating.getByLabel('Anything to add? (optional)').fill('Helpful, a bit slow');
    await rating.getByRole('button', { name: 'Send rating' }).click();
    await expect(chat.getByTestId('rating-thanks')).toBeVisible();

    await expect.poll(async () => (await waitForConversation(api, text, 'closed')).rating).toBe(4);

    await visitor.reload();
    const again = await openWidget(visitor);
    await expect(again.getByTestId('rating-thanks')).toBeVisible();
    await again.getByRole('button', { name: 'Start a new chat' }).click();
    await expect(again.getByLabel('Message', { exact: true })).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
