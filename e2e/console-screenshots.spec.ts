import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, nonce, test } from './support/index.js';
import { adminConsole, queueRow, visitorStartsChat } from './support/console.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
const shots = join(dirname(fileURLToPath(import.meta.url)), 'test-results', 'console-screens');

// Not an assertion of behaviour: renders the console with real data at desktop and tablet sizes for
// the README and for review. It still fails if a screen cannot be reached.
test('console screenshots', async ({ browser }) => {
  test.setTimeout(120_000);
  mkdirSync(docs, { recursive: true });
  mkdirSync(shots, { recursive: true });
  const visitors = [
    await visitorStartsChat(browser, 'Hi! My order #4821 has not arrived yet, can you check?'),
    await visitorStartsChat(browser, 'Do you ship to Canada?'),
    await visitorStartsChat(browser, nonce('Is there a student discount')),
  ];
  const first = visitors[0]!;
  const { context, page } = await adminConsole(browser);
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await queueRow(page, 'order #4821').click();
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(page.getByText('Assigned to you')).toBeVisible();
    const box = page.getByLabel('Reply', { exact: true });
    await box.fill('Hi! Let me look that up for you — one moment.');
    await box.press('Enter');
    await first.send('Thanks, it was ordered last Tuesday.');
    await page.getByRole('button', { name: 'Note', exact: true }).click();
    await box.fill('Carrier shows a delay at the hub; offer a refund if not delivered by Friday.');
    await box.press('Enter');
    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await first.chat
      .getByLabel('Message', { exact: true })
      .pressSequentially('Could you also', { delay: 30 });
    await expect(page.locator('.typing')).toContainText('Could you also');
    // The screenshot keeps the queue in view with its waiting chats.
    await page.getByRole('link', { name: /^Queue\b/ }).click();
    await page.screenshot({ path: join(docs, 'console.png') });
    await page.screenshot({ path: join(shots, 'desktop-queue-conversation.png') });

    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    await page.screenshot({ path: join(shots, 'desktop-transfer.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.screenshot({ path: join(shots, 'desktop-shortcuts.png') });
    await page.keyboard.press('Escape');
    await box.fill('/');
    await page.screenshot({ path: join(shots, 'desktop-canned.png') });
    await box.fill('');

    await page.setViewportSize({ width: 820, height: 1180 });
    await page.screenshot({ path: join(shots, 'tablet-conversation.png') });
    await page.getByRole('button', { name: 'Visitor', exact: true }).click();
    await page.screenshot({ path: join(shots, 'tablet-visitor-drawer.png') });
    await page.getByRole('button', { name: 'Hide visitor details' }).click();
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.screenshot({ path: join(shots, 'tablet-queue.png') });
  } finally {
    await context.close();
    for (const v of visitors) await v.context.close();
  }
});
