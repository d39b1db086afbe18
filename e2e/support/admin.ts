import { expect, request, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN } from './server-process.js';
import { hostPageOrigin, hostPageUrl, serverUrl } from './urls.js';

/** Signs in to the console at the server's root as the seeded admin. */
export async function loginAsAdmin(page: Page): Promise<void> {
  await page.goto(`${serverUrl()}/`);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeHidden();
}

/**
 * A REST client signed in as the admin. Every request carries the console's Origin, which the server
 * requires on agent calls. Dispose it when done. `baseUrl`: another server than the run's one.
 */
export async function apiAsAdmin(baseUrl: string = serverUrl()): Promise<APIRequestContext> {
  const api = await request.newContext({
    baseURL: baseUrl,
    extraHTTPHeaders: { Origin: baseUrl },
  });
  const response = await api.post('/api/auth/login', {
    data: { email: ADMIN.email, password: ADMIN.password },
  });
  if (!response.ok()) {
    const body = await response.text();
    await api.dispose();
    throw new Error(`POST /api/auth/login as admin answered ${response.status()}: ${body}`);
  }
  return api;
}

export interface HostSite {
  siteId: string;
  siteKey: string;
  /** The host page embedding this site's widget. */
  url: string;
}

/**
 * The first site (seeded by the server at first start), with the host page's origin added to its
 * allowed origins so the widget may be embedded there. By default on the run's server and host page;
 * a journey with a deployment of its own passes its admin client and host page origin.
 */
export async function prepareHostSite(
  on: { api: APIRequestContext; hostOrigin: string } | null = null,
): Promise<HostSite> {
  const api = on?.api ?? (await apiAsAdmin());
  const hostOrigin = on?.hostOrigin ?? hostPageOrigin();
  try {
    const listed = await api.get('/api/sites');
    expect(listed.status(), 'GET /api/sites').toBe(200);
    const site = parseSites(await listed.json())[0];
    if (!site) throw new Error('GET /api/sites returned no site: the server should seed one at first start');

    if (!site.allowedOrigins.includes(hostOrigin)) {
      const patched = await api.patch(`/api/sites/${encodeURIComponent(site.id)}`, {
        data: { allowedOrigins: [...site.allowedOrigins, hostOrigin] },
      });
      expect(patched.ok(), `PATCH /api/sites/${site.id} answered ${patched.status()}`).toBe(true);
    }
    const url = on ? `${hostOrigin}/?siteKey=${encodeURIComponent(site.key)}` : hostPageUrl(site.key);
    return { siteId: site.id, siteKey: site.key, url };
  } finally {
    if (!on) await api.dispose();
  }
}

interface SiteSummary {
  id: string;
  key: string;
  allowedOrigins: string[];
}

/** Parses the parts of GET /api/sites that the journeys use (no casts on wire data). */
function parseSites(body: unknown): SiteSummary[] {
  if (!isRecord(body) || !Array.isArray(body.items)) {
    throw new Error(`GET /api/sites: expected {items: [...]}, got ${JSON.stringify(body)}`);
  }
  return body.items.map((item: unknown) => {
    if (
      !isRecord(item) ||
      typeof item.id !== 'string' ||
      typeof item.key !== 'string' ||
      !Array.isArray(item.allowedOrigins) ||
      !item.allowedOrigins.every((origin: unknown) => typeof origin === 'string')
    ) {
      throw new Error(`GET /api/sites: unexpected site ${JSON.stringify(item)}`);
    }
    return { id: item.id, key: item.key, allowedOrigins: item.allowedOrigins.filter(isString) };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
