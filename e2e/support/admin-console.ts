// Helpers for the admin journeys (admin-*.spec.ts): opening admin pages in the console, and reading
// or restoring a site's settings through the admin API so each journey leaves the server as it was.
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export type AdminPageName =
  | 'Departments'
  | 'Agents'
  | 'Canned responses'
  | 'Sites & widget'
  | 'Email'
  | 'Reports'
  | 'Audit log'
  | 'Webhooks'
  | 'API tokens'
  | 'Visitors & data';

/** From anywhere in a signed-in console: Administration in the nav, then the section. */
export async function openAdminPage(page: Page, name: AdminPageName): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Conversation views' })
    .getByRole('link', { name: 'Administration' })
    .click();
  await page
    .getByRole('navigation', { name: 'Administration sections' })
    .getByRole('link', { name, exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface SiteLook {
  id: string;
  color: string;
  greeting: string;
  defaultDepartmentId: string | null;
}

/** The first site's look and default department (GET /api/admin/sites). */
export async function firstSiteLook(api: APIRequestContext): Promise<SiteLook> {
  const response = await api.get('/api/admin/sites');
  expect(response.status(), 'GET /api/admin/sites').toBe(200);
  const body: unknown = await response.json();
  const site: unknown = isRecord(body) && Array.isArray(body.items) ? body.items[0] : undefined;
  if (
    !isRecord(site) ||
    typeof site.id !== 'string' ||
    typeof site.color !== 'string' ||
    typeof site.greeting !== 'string'
  )
    throw new Error(`GET /api/admin/sites: no site in ${JSON.stringify(body)}`);
  return {
    id: site.id,
    color: site.color,
    greeting: site.greeting,
    defaultDepartmentId: typeof site.defaultDepartmentId === 'string' ? site.defaultDepartmentId : null,
  };
}

export async function patchSite(
  api: APIRequestContext,
  siteId: string,
  data: Record<string, unknown>,
): Promise<void> {
  const response = await api.patch(`/api/admin/sites/${encodeURIComponent(siteId)}`, { data });
  expect(response.status(), await response.text()).toBe(200);
}
