import { collectPageErrors, expect, nonce, test } from './support/index.js';
import { queueRow, visitorStartsChat } from './support/console.js';
import { adminConsole } from './support/console.js';

// While the visitor types, the console shows "… is typing" with a live preview of the text.
test('the visitor typing shows in the console with a preview', async ({ browser }) => {
  const text = nonce('typing-journey');
  const draft = nonce('draft in progress');
  const visitor = await visitorStartsChat(browser, text);
  const { context, page: agent } = await adminConsole(browser);
  try {
    const errors = collectPageErrors(agent);
    await queueRow(agent, text).click();
    await agent.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(agent.getByText('Assigned to you')).toBeVisible();

    await visitor.chat.getByLabel('Message', { exact: true }).pressSequentially(draft, { delay: 20 });
    const indicator = agent.locator('.typing');
    await expect(indicator).toContainText('is typing');
    await expect(indicator).toContainText(draft);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await visitor.context.close();
  }
});
