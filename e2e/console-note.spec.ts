import { collectPageErrors, expect, nonce, test } from './support/index.js';
import { messages, queueRow, visitorStartsChat } from './support/console.js';
import { adminConsole } from './support/console.js';

// An internal note shows in the console, marked as a note, and never reaches the visitor; the reply
// sent after it does (so the visitor's stream was live when the note was written).
test('a note the visitor never sees', async ({ browser }) => {
  const text = nonce('note-journey');
  const note = nonce('secret-note');
  const reply = nonce('public-reply');
  const visitor = await visitorStartsChat(browser, text);
  const { context, page: agent } = await adminConsole(browser);
  try {
    const errors = collectPageErrors(agent);
    await queueRow(agent, text).click();
    await agent.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(agent.getByText('Assigned to you')).toBeVisible();

    await agent.getByRole('button', { name: 'Note', exact: true }).click();
    await agent.getByLabel('Reply', { exact: true }).fill(note);
    await agent.getByRole('button', { name: 'Add note' }).click();
    const shown = messages(agent, note);
    await expect(shown).toHaveCount(1);
    await expect(shown).toHaveAttribute('data-kind', 'NOTE');
    await expect(shown).toContainText('Internal note');

    await agent.getByRole('button', { name: 'Reply', exact: true }).click();
    await agent.getByLabel('Reply', { exact: true }).fill(reply);
    await agent.keyboard.press('Control+Enter');
    await expect(messages(visitor.chat, reply)).toHaveCount(1);
    await expect(messages(visitor.chat, note)).toHaveCount(0);
    await expect(visitor.chat.getByText(note)).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await visitor.context.close();
  }
});
