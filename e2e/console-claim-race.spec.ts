import { collectPageErrors, expect, nonce, test } from './support/index.js';
import {
  createAgent,
  sharedAdminApi,
  departmentId,
  loginAs,
  queueRow,
  visitorStartsChat,
} from './support/console.js';

// Two agents in two browsers click Claim on the same chat at the same moment: exactly one gets it,
// the other is told plainly, and the chat leaves the queue on both screens.
test('two agents race for one chat: exactly one wins, the other is told', async ({ browser }) => {
  const api = await sharedAdminApi();
  const support = await departmentId(api, 'Support');
  const logins = [await createAgent(api, 'Ann', [support]), await createAgent(api, 'Bob', [support])];
  const text = nonce('race');
  const visitor = await visitorStartsChat(browser, text);
  const opened = await Promise.all(
    logins.map(async (login) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await loginAs(page, login);
      return { context, page };
    }),
  );
  const contexts = opened.map((o) => o.context);
  try {
    const pages = opened.map((o) => o.page);
    const errors = pages.map(collectPageErrors);
    for (const page of pages) {
      await queueRow(page, text).click();
      await expect(page.getByRole('button', { name: 'Claim', exact: true })).toBeEnabled();
    }
    // Both pages click at the same wall-clock moment, each from a timer inside the page: clicks
    // driven from here one after the other can arrive so far apart on a loaded machine that the
    // first claim's update has already taken the other page's button away (no race left to test).
    const at = Date.now() + 500;
    const clicked = await Promise.all(
      pages.map((page) =>
        page.evaluate(
          (when) =>
            new Promise<boolean>((resolve) => {
              const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Claim');
              setTimeout(
                () => {
                  const there = button?.isConnected ?? false;
                  button?.click();
                  resolve(there);
                },
                Math.max(0, when - Date.now()),
              );
            }),
          at,
        ),
      ),
    );
    expect(clicked, 'both Claim buttons were still there when clicked').toEqual([true, true]);

    // Both clicks have been answered once neither page offers Claim any more.
    for (const page of pages) {
      await expect(page.getByRole('button', { name: 'Claim', exact: true })).toBeHidden();
    }
    const told = await Promise.all(
      pages.map((page) => page.getByText('Already claimed by a colleague').count()),
    );
    expect(
      told.reduce((a, b) => a + b, 0),
      'exactly one agent is told a colleague got it',
    ).toBe(1);
    const winners = await Promise.all(pages.map((page) => page.getByText('Assigned to you').count()));
    expect(
      winners.reduce((a, b) => a + b, 0),
      'exactly one agent holds it',
    ).toBe(1);
    for (const page of pages) await expect(queueRow(page, text)).toHaveCount(0);
    expect(errors.flat()).toEqual([]);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await visitor.context.close();
  }
});
