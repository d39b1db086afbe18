import {
  collectPageErrors,
  expect,
  hostPageOrigin,
  hostPageUrl,
  nonce,
  serverUrl,
  test,
} from './support/index.js';
import { adminApi, hostSite, isRecord } from './support/widget-helpers.js';

// The host page (127.0.0.1) embeds the widget of a site that allows only another origin: the config
// and the session are refused (403), nothing is drawn or stored, and the panel page may not be framed.

/**
 * A site that does not allow the host page's origin: a new one (POST /api/admin/sites); on a server
 * without the admin API yet, the first site with its allowed origins narrowed until `restore`.
 */
async function siteNotAllowingHostPage(): Promise<{ siteKey: string; restore: () => Promise<void> }> {
  const api = await adminApi();
  const created = await api.post('/api/admin/sites', {
    data: { name: nonce('elsewhere'), allowedOrigins: ['https://shop.elsewhere.example'] },
  });
  if (created.status() === 201) {
    const body: unknown = await created.json();
    if (!isRecord(body) || typeof body.key !== 'string') throw new Error('POST /api/admin/sites: no key');
    return { siteKey: body.key, restore: () => Promise.resolve() };
  }
  const site = await hostSite();
  const listed: unknown = await (await api.get('/api/sites')).json();
  const items: unknown[] = isRecord(listed) && Array.isArray(listed.items) ? listed.items : [];
  const original = items.find((item) => isRecord(item) && item.id === site.siteId);
  const originalOrigins =
    isRecord(original) && Array.isArray(original.allowedOrigins)
      ? original.allowedOrigins
      : [hostPageOrigin()];
  const narrowed = await api.patch(`/api/sites/${site.siteId}`, {
    data: { allowedOrigins: ['https://shop.elsewhere.example'] },
  });
  expect(narrowed.ok(), 'PATCH /api/sites/:id').toBe(true);
  return {
    siteKey: site.siteKey,
    restore: async () => {
      await api.patch(`/api/sites/${site.siteId}`, { data: { allowedOrigins: originalOrigins } });
    },
  };
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
