import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectPageErrors, expect, nonce, test } from './support/index.js';
import { openAdminPage } from './support/admin-console.js';
import { adminConsole, sharedAdminApi, visitorStartsChat } from './support/console.js';

interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

// A webhook created in the console UI delivers a signed event to a receiver on localhost when a
// visitor starts a chat; the signature verifies with the secret the console showed once.
test('a webhook created in the console delivers a signed event', async ({ browser }) => {
  test.setTimeout(90_000);
  const received: Received[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, raw: Buffer.concat(chunks) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${nonce('run')}`;
  const api = await sharedAdminApi();
  const { context, page } = await adminConsole(browser);
  const errors = collectPageErrors(page);
  let secret = '';
  try {
    await test.step('admin creates the webhook and copies its secret', async () => {
      await openAdminPage(page, 'Webhooks');
      await page.getByRole('button', { name: 'New webhook' }).click();
      const sheet = page.getByRole('dialog', { name: 'New webhook' });
      await sheet.getByLabel('Endpoint URL').fill('ftp://nope');
      await sheet.getByRole('button', { name: 'Create' }).click();
      await expect(sheet.getByText('Use an http(s) address such as https://example.com/hook.')).toBeVisible();
      await sheet.getByLabel('Endpoint URL').fill(url);
      await expect(sheet.getByRole('checkbox', { name: /conversation\.created/ })).toBeChecked();
      await sheet.getByRole('button', { name: 'Create' }).click();
      const shown = page.getByRole('dialog', { name: 'Signing secret' });
      secret = await shown.getByLabel('Secret').inputValue();
      expect(secret.length).toBeGreaterThan(15);
      await shown.getByRole('button', { name: 'Done' }).click();
      await expect(page.getByRole('region', { name: url })).toBeVisible();
    });

    const text = nonce('webhook-chat');
    await test.step('a visitor starts a chat and the receiver gets a verifiable event', async () => {
      const visitor = await visitorStartsChat(browser, text);
      await visitor.context.close();
      await expect
        .poll(
          () => received.find((r) => r.headers['x-event'] === 'conversation.created' && r.raw.includes(text)),
          {
            timeout: 30_000,
            message: 'conversation.created delivered for this chat',
          },
        )
        .toBeTruthy();
      const delivery = received.find(
        (r) => r.headers['x-event'] === 'conversation.created' && r.raw.includes(text),
      );
      if (!delivery) throw new Error('unreachable');
      const signature = String(delivery.headers['x-signature'] ?? '');
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      const expected = createHmac('sha256', secret).update(delivery.raw).digest('hex');
      expect(timingSafeEqual(Buffer.from(signature.slice(7), 'hex'), Buffer.from(expected, 'hex'))).toBe(
        true,
      );
      // A wrong secret must not verify: the check above can fail.
      expect(createHmac('sha256', `${secret}x`).update(delivery.raw).digest('hex')).not.toBe(
        signature.slice(7),
      );
    });

    await test.step('the delivery log shows it delivered', async () => {
      const card = page.getByRole('region', { name: url });
      await card.getByRole('button', { name: 'Delivery log' }).click();
      await expect(card.getByTestId('delivery-row').filter({ hasText: 'Delivered' }).first()).toBeVisible();
    });
    expect(errors).toEqual([]);
  } finally {
    // Leave no webhook behind for other journeys.
    const listed: unknown = await (await api.get('/api/admin/webhooks')).json();
    const hooks = (listed as { items?: Array<{ id: string; url: string }> }).items ?? [];
    for (const hook of hooks.filter((h) => h.url === url)) await api.delete(`/api/admin/webhooks/${hook.id}`);
    await context.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
