import { collectPageErrors, expect, nonce, test } from './support/index.js';
import {
  adminConsole,
  createAgent,
  createDepartment,
  loginAs,
  messages,
  queueRow,
  sharedAdminApi,
  showView,
  visitorStartsChat,
} from './support/console.js';

// The admin claims a chat and transfers it to a department with a note; an agent of that department
// finds it in their queue, claims it, and reads the note (which the visitor never sees).
test('transfer to a department with a note; an agent there picks it up', async ({ browser }) => {
  const api = await sharedAdminApi();
  const departmentName = nonce('Billing');
  const taker = await createAgent(api, 'Cleo', []);
  const billing = await createDepartment(api, departmentName, [taker.id]);
  await api.patch(`/api/admin/agents/${taker.id}`, { data: { departmentIds: [billing] } });

  const text = nonce('transfer-me');
  const note = nonce('note-for-next');
  const visitor = await visitorStartsChat(browser, text);
  const { context: adminContext, page: admin } = await adminConsole(browser);
  const secondContext = await browser.newContext();
  const second = { context: secondContext, page: await secondContext.newPage() };
  await loginAs(second.page, taker);
  try {
    const other = second.page;
    const errors = [collectPageErrors(admin), collectPageErrors(other)];
    const id = await queueRow(admin, text).getAttribute('data-conversation-id');
    if (!id) throw new Error('the queued row has no conversation id');
    // The row's preview shows the latest message (the transfer note, later): find it by id.
    const row = (page: typeof admin) => page.locator(`[data-conversation-id="${id}"]`);
    await queueRow(admin, text).click();
    await admin.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(admin.getByText('Assigned to you')).toBeVisible();
    await expect(row(other)).toHaveCount(0);

    await admin.getByRole('button', { name: 'Transfer', exact: true }).click();
    const dialog = admin.getByRole('dialog', { name: 'Transfer conversation' });
    await dialog.getByRole('radio', { name: new RegExp(departmentName) }).check();
    await dialog.getByLabel('Note for the next agent (internal)').fill(note);
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(admin.getByText('Conversation transferred')).toBeVisible();

    await showView(other, 'Queue');
    await expect(row(other)).toHaveCount(1);
    await row(other).click();
    await other.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(other.getByText('Assigned to you')).toBeVisible();
    await expect(messages(other, note)).toHaveCount(1);
    await expect(messages(visitor.chat, note)).toHaveCount(0);
    expect(errors.flat()).toEqual([]);
  } finally {
    await adminContext.close();
    await second.context.close();
    await visitor.context.close();
  }
});
