import { randomBytes } from 'node:crypto';
import { collectPageErrors, expect, nonce, test } from './support/index.js';
import { firstSiteLook, openAdminPage, patchSite } from './support/admin-console.js';
import {
  adminConsole,
  loginAs,
  queueRow,
  sharedAdminApi,
  sharedHostSite,
  showView,
  visitorStartsChat,
} from './support/console.js';
import { waitForConversation } from './support/widget-helpers.js';

// An admin creates a department and an agent in the console; the agent signs in elsewhere and sees
// only that department's queue: a chat routed there appears, one in the default department does not.
test('an admin creates a department and an agent who sees only that queue', async ({ browser }) => {
  test.setTimeout(120_000);
  const suffix = randomBytes(3).toString('hex');
  const department = `Billing ${suffix}`;
  const agent = {
    name: `Bea ${suffix}`,
    email: `bea-${suffix}@example.com`,
    password: `pw-${suffix}-long-enough`,
  };
  const api = await sharedAdminApi();
  await sharedHostSite();
  const site = await firstSiteLook(api);
  const { context, page } = await adminConsole(browser);
  const agentContext = await browser.newContext();
  const errors = collectPageErrors(page);
  let departmentId: string | null = null;

  try {
    await test.step('admin creates the department in the console', async () => {
      await openAdminPage(page, 'Departments');
      await page.getByRole('button', { name: 'New department' }).click();
      const sheet = page.getByRole('dialog', { name: 'New department' });
      // An empty name is refused beside the field, before anything is sent.
      await sheet.getByRole('button', { name: 'Create' }).click();
      await expect(sheet.getByText('Required.')).toBeVisible();
      await sheet.getByLabel('Name', { exact: true }).fill(department);
      await sheet.getByLabel('Routing').selectOption('MANUAL');
      await sheet.getByRole('button', { name: 'Create' }).click();
      await expect(sheet).toBeHidden();
      await expect(page.getByRole('row').filter({ hasText: department })).toHaveCount(1);
    });

    await test.step('admin creates an agent with a password in that department', async () => {
      await openAdminPage(page, 'Agents');
      await page.getByRole('button', { name: 'New agent' }).click();
      const sheet = page.getByRole('dialog', { name: 'New agent' });
      await sheet.getByLabel('Name', { exact: true }).fill(agent.name);
      await sheet.getByLabel('Email', { exact: true }).fill(agent.email);
      await sheet.getByRole('checkbox', { name: department }).check();
      await sheet.getByLabel('Initial password').fill(agent.password);
      await sheet.getByRole('button', { name: 'Create agent' }).click();
      await expect(sheet).toBeHidden();
      await expect(page.getByRole('row').filter({ hasText: agent.email })).toContainText(department);
    });

    const deptResponse = await api.get('/api/admin/departments');
    const deptBody: unknown = await deptResponse.json();
    const items = (deptBody as { items?: Array<{ id: string; name: string }> }).items ?? [];
    departmentId = items.find((d) => d.name === department)?.id ?? null;
    expect(departmentId, 'the new department is listed by the API').not.toBeNull();

    const agentPage = await agentContext.newPage();
    await loginAs(agentPage, agent);
    await showView(agentPage, 'Queue');

    const routedText = nonce('routed-to-billing');
    await test.step('a chat routed to the new department reaches the agent', async () => {
      await patchSite(api, site.id, { defaultDepartmentId: departmentId });
      const visitor = await visitorStartsChat(browser, routedText);
      await visitor.context.close();
      await expect(queueRow(agentPage, routedText)).toHaveCount(1);
    });

    await test.step('a chat in the default department does not', async () => {
      await patchSite(api, site.id, { defaultDepartmentId: site.defaultDepartmentId });
      const otherText = nonce('default-department');
      const visitor = await visitorStartsChat(browser, otherText);
      await visitor.context.close();
      // The admin sees it queued, so it exists; the new agent still sees only the routed one.
      await waitForConversation(api, otherText, 'queue');
      await agentPage.reload();
      await showView(agentPage, 'Queue');
      await expect(queueRow(agentPage, routedText)).toHaveCount(1);
      await expect(queueRow(agentPage, otherText)).toHaveCount(0);
    });

    await test.step('the agent sees no admin entry, and an admin route says not allowed', async () => {
      await expect(agentPage.getByRole('link', { name: 'Administration' })).toHaveCount(0);
      await agentPage.goto(`${new URL(agentPage.url()).origin}/#/admin/agents`);
      await expect(agentPage.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    });
    expect(errors).toEqual([]);
  } finally {
    await patchSite(api, site.id, { defaultDepartmentId: site.defaultDepartmentId });
    await agentContext.close();
    await context.close();
  }
});
