import {
  collectPageErrors,
  expect,
  hostPageOrigin,
  hostPageUrl,
  nonce,
  serverUrl,
  test,
} from './support/index.js';
import { adminApi, isRecord } from './support/widget-helpers.js';

// The host page (127.0.0.1) embeds the widget of a site that allows only another origin: the config
// and the session are refused (403), nothing is drawn or stored, and the panel page may not be framed.

/** A new site (POST /api/admin/sites) that allows only another origin than the host page's. */
async function siteNotAllowingHostPage(): Promise<{ siteKey: string; restore: () => Promise<void> }> {
  const api = await adminApi();
  const created = await api.post('/api/admin/sites', {
    data: { name: nonce('elsewhere'), allowedOrigins: ['https://shop.elsewhere.example'] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const body: unknown = await created.json();
  if (!isRecord(body) || typeof body.key !== 'string') throw new Error('POST /api/admin/sites: no key');
  return { siteKey: body.key, restore: () => Promise.resolve() };
}

test('an origin the site does not allow is refused', async ({ browser, request }) => {
  const { siteKey, restore } = await siteNotAllowingHostPage();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    const configAnswer = page.waitForResponse((r) => r.url().includes('/api/widget/config'));
    await page.goto(hostPageUrl(siteKey));
    expect((await configAnswer).status()).toBe(403);

    await expect.poll(() => warnings.join('\n')).toContain('does not allow the widget');
    await expect(page.locator('livechat-widget')).toHaveCount(0);
    await page.evaluate(() => window.LiveChat?.open());
    await expect(page.locator('iframe')).toHaveCount(0);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    const session = await request.post(`${serverUrl()}/api/widget/session`, {
      headers: { Origin: hostPageOrigin() },
      data: { siteKey },
    });
    expect(session.status()).toBe(403);

    const panelPage = await request.get(`${serverUrl()}/widget/index.html?siteKey=${siteKey}`);
    const csp = panelPage.headers()['content-security-policy'] ?? '';
    expect(csp).toContain('frame-ancestors');
    expect(csp).not.toContain(hostPageOrigin());
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await restore();
  }
});
