import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './support/index.js';
import { openAdminPage, type AdminPageName } from './support/admin-console.js';
import {
  adminConsole,
  createAgent,
  createDepartment,
  sharedAdminApi,
  visitorStartsChat,
} from './support/console.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
const shots = join(dirname(fileURLToPath(import.meta.url)), 'test-results', 'admin-screens');

// Not an assertion of behaviour: renders every admin screen at 1440x900 for review and the README.
// It still fails if a screen cannot be reached.
test('admin screenshots', async ({ browser }) => {
  test.setTimeout(120_000);
  mkdirSync(docs, { recursive: true });
  mkdirSync(shots, { recursive: true });
  const api = await sharedAdminApi();
  const sales = await createDepartment(api, `Sales ${Date.now() % 1000}`, []);
  await createAgent(api, 'Lena', [sales]);
  await createAgent(api, 'Omar', [sales]);
  for (const text of ['Where is my parcel?', 'Can I change my plan?']) {
    const visitor = await visitorStartsChat(browser, text);
    await visitor.context.close();
  }
  const { context, page } = await adminConsole(browser);
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    const pages: Array<[AdminPageName, string]> = [
      ['Departments', 'departments'],
      ['Agents', 'agents'],
      ['Sites & widget', 'sites'],
      ['Canned responses', 'canned'],
      ['Reports', 'reports'],
      ['Webhooks', 'webhooks'],
      ['API tokens', 'tokens'],
      ['Visitors & data', 'visitors'],
      ['Email', 'email'],
      ['Audit log', 'audit'],
    ];
    for (const [name, file] of pages) {
      await openAdminPage(page, name);
      if (file === 'reports') await expect(page.getByText('Conversations per day')).toBeVisible();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(shots, `${file}.png`) });
      if (file === 'sites') await page.screenshot({ path: join(docs, 'admin-sites.png') });
      if (file === 'reports') await page.screenshot({ path: join(docs, 'admin-reports.png') });
    }
    await openAdminPage(page, 'Departments');
    await page
      .getByRole('button', { name: /^Edit Sales/ })
      .first()
      .click();
    await page.screenshot({ path: join(shots, 'department-sheet.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.screenshot({ path: join(shots, 'profile.png') });
  } finally {
    await context.close();
  }
});
