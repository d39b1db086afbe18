import { randomBytes } from 'node:crypto';
import { collectPageErrors, expect, nonce, test } from './support/index.js';
import { sharedAdminApi, messages, queueRow, visitorStartsChat } from './support/console.js';
import { adminConsole } from './support/console.js';

// An admin creates a canned response with variables; the agent types `/` and its shortcut, picks it
// with Enter, and the visitor receives it with the variables filled in.
test('a canned response with variables reaches the visitor filled in', async ({ browser }) => {
  const shortcut = `hi${randomBytes(3).toString('hex')}`;
  const api = await sharedAdminApi();
  const created = await api.post('/api/admin/canned-responses', {
    data: {
      shortcut,
      title: 'Greeting',
      body: 'Hi, I am {{agent.name}} from {{site.name}}. How can I help?',
    },
  });
  expect(created.status(), await created.text()).toBe(201);

  const text = nonce('canned-journey');
  const expected = 'Hi, I am Admin from My website. How can I help?';
  const visitor = await visitorStartsChat(browser, text);
  const { context, page: agent } = await adminConsole(browser);
  try {
    const errors = collectPageErrors(agent);
    await queueRow(agent, text).click();
    await agent.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(agent.getByText('Assigned to you')).toBeVisible();

    const box = agent.getByLabel('Reply', { exact: true });
    await box.click();
    await box.pressSequentially(`/${shortcut.slice(0, 5)}`);
    await expect(agent.getByRole('option', { name: new RegExp(shortcut) })).toBeVisible();
    await box.press('Enter');
    await expect(box).toHaveValue(expected);
    await box.press('Enter');
    await expect(messages(agent, expected)).toHaveCount(1);
    await expect(messages(visitor.chat, expected)).toHaveCount(1);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await visitor.context.close();
  }
});
