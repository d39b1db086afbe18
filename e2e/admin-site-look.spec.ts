import { collectPageErrors, expect, nonce, test } from './support/index.js';
import { firstSiteLook, openAdminPage, patchSite } from './support/admin-console.js';
import { adminConsole, sharedAdminApi, sharedHostSite } from './support/console.js';
import { launcher, openWidget } from './support/widget-helpers.js';

// The site's colour and greeting, changed in the console, show in the widget on the host page.
test('a site colour and greeting set in the console show in the widget', async ({ browser }) => {
  const api = await sharedAdminApi();
  const host = await sharedHostSite();
  const before = await firstSiteLook(api);
  const greeting = nonce('Hello from the console');
  const { context, page } = await adminConsole(browser);
  const errors = collectPageErrors(page);
  const visitorContext = await browser.newContext();
  try {
    await test.step('admin edits the look; the preview follows before saving', async () => {
      await openAdminPage(page, 'Sites & widget');
      const colour = page.getByLabel('Colour', { exact: true });
      await colour.fill('not a colour');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect(page.getByText('Use a colour such as #2563eb.')).toBeVisible();
      await colour.fill('#e11d48');
      await page.getByLabel('Greeting').fill(greeting);
      await expect(page.getByTestId('preview-greeting')).toHaveText(greeting);
      await expect(page.getByTestId('preview-launcher')).toHaveCSS('background-color', 'rgb(225, 29, 72)');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect(page.getByText('Saved', { exact: true })).toBeVisible();
    });

    await test.step('the widget on the host page uses them', async () => {
      const visitor = await visitorContext.newPage();
      await visitor.goto(host.url);
      await expect(launcher(visitor)).toHaveCSS('background-color', 'rgb(225, 29, 72)');
      const chat = await openWidget(visitor);
      await expect(chat.getByText(greeting)).toBeVisible();
    });
    expect(errors).toEqual([]);
  } finally {
    await patchSite(api, before.id, { color: before.color, greeting: before.greeting });
    await visitorContext.close();
    await context.close();
  }
});
