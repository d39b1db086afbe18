import { collectPageErrors, expect, nonce, test } from './support/index.js';
import { visitorStartsChat } from './support/console.js';
import { adminConsole } from './support/console.js';

const count = (title: string) => Number(/^\((\d+)\)/.exec(title)?.[1] ?? '0');

// A new waiting chat raises the count in the tab's title (and favicon) without a reload; claiming it
// lowers it again.
test('the unread count shows in the title', async ({ browser }) => {
  const { context, page: agent } = await adminConsole(browser);
  const text = nonce('title-journey');
  let visitor: Awaited<ReturnType<typeof visitorStartsChat>> | null = null;
  try {
    const errors = collectPageErrors(agent);
    await expect(agent).toHaveTitle(/Livechat Console$/);
    await expect(agent.getByTestId('connection-banner')).toBeHidden();
    const before = count(await agent.title());

    visitor = await visitorStartsChat(browser, text);
    await expect.poll(async () => count(await agent.title())).toBe(before + 1);
    const icon = await agent.locator('link[rel="icon"]').getAttribute('href');
    expect(icon).toMatch(/^data:image\/png/);

    await agent.getByTestId('conversation-item').filter({ hasText: text }).click();
    await agent.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect.poll(async () => count(await agent.title())).toBe(before);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await visitor?.context.close();
  }
});
