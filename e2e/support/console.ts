// Helpers for the console journeys: agents and departments through the admin API, sign-in, and a
// visitor chatting through the embedded widget on the host page.
import type {
  APIRequestContext,
  Browser,
  BrowserContext,
  FrameLocator,
  Locator,
  Page,
} from '@playwright/test';
import { apiAsAdmin, prepareHostSite, type HostSite } from './admin.js';
import { expect } from '@playwright/test';
import { serverUrl } from './urls.js';
import { randomBytes } from 'node:crypto';

export interface AgentLogin {
  id: string;
  name: string;
  email: string;
  password: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(body: unknown, path: string[]): string {
  let at: unknown = body;
  for (const key of path) at = isRecord(at) ? at[key] : undefined;
  if (typeof at !== 'string') throw new Error(`expected ${path.join('.')} in ${JSON.stringify(body)}`);
  return at;
}

/** The seeded default department's id (GET /api/departments lists it first by name: "Support"). */
export async function departmentId(api: APIRequestContext, name: string): Promise<string> {
  const response = await api.get('/api/departments');
  expect(response.status()).toBe(200);
  const body: unknown = await response.json();
  const items: unknown[] = isRecord(body) && Array.isArray(body.items) ? (body.items as unknown[]) : [];
  const found = items.find((d) => isRecord(d) && d.name === name);
  if (!isRecord(found) || typeof found.id !== 'string') throw new Error(`no department named ${name}`);
  return found.id;
}

/** A department (POST /api/admin/departments) with the given members. */
export async function createDepartment(
  api: APIRequestContext,
  name: string,
  memberIds: string[],
): Promise<string> {
  const response = await api.post('/api/admin/departments', { data: { name, memberIds } });
  expect(response.status(), await response.text()).toBe(201);
  return stringField(await response.json(), ['id']);
}

/** An agent who can sign in at once (POST /api/admin/agents with a password). */
export async function createAgent(
  api: APIRequestContext,
  label: string,
  departmentIds: string[],
): Promise<AgentLogin> {
  const suffix = randomBytes(4).toString('hex');
  const login = {
    name: `${label} ${suffix.slice(0, 3)}`,
    email: `${label.toLowerCase()}-${suffix}@example.com`,
    password: `pw-${suffix}-secret-123`,
  };
  const response = await api.post('/api/admin/agents', {
    data: { ...login, departmentIds, maxChats: 5, role: 'AGENT' },
  });
  expect(response.status(), await response.text()).toBe(201);
  return { ...login, id: stringField(await response.json(), ['agent', 'id']) };
}

let adminApi: Promise<APIRequestContext> | null = null;
let site: Promise<HostSite> | null = null;

/**
 * One admin API session and one host site per worker: the server allows 10 sign-ins a minute per
 * client, and a sign-in per step would trip it across journeys.
 */
export function sharedAdminApi(): Promise<APIRequestContext> {
  adminApi ??= apiAsAdmin();
  return adminApi;
}

export function sharedHostSite(): Promise<HostSite> {
  site ??= prepareHostSite();
  return site;
}

/** A console page already signed in as the admin (the API session's cookie, no sign-in form). */
export async function adminConsole(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const api = await sharedAdminApi();
  const context = await browser.newContext({ storageState: await api.storageState() });
  const page = await context.newPage();
  await page.goto(`${serverUrl()}/`);
  await expect(page.getByRole('navigation', { name: 'Conversation views' })).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toBeHidden();
  return { context, page };
}

export async function loginAs(
  page: Page,
  agent: { email: string; password: string },
  consoleUrl: string = serverUrl(),
): Promise<void> {
  await page.goto(`${consoleUrl}/`);
  await page.getByLabel('Email', { exact: true }).fill(agent.email);
  await page.getByLabel('Password', { exact: true }).fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeHidden();
  await expect(page.getByTestId('connection-banner')).toBeHidden();
}

export function panel(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Chat"]');
}

export function messages(scope: Page | FrameLocator, text: string): Locator {
  return scope.getByTestId('message').filter({ hasText: text });
}

export function queueRow(page: Page, text: string): Locator {
  return page.getByTestId('conversation-item').filter({ hasText: text });
}

export async function showView(page: Page, name: 'Queue' | 'Mine' | 'All' | 'Closed'): Promise<void> {
  await page.getByRole('link', { name: new RegExp(`^${name}\\b`) }).click();
}

export interface VisitorSession {
  context: BrowserContext;
  page: Page;
  chat: FrameLocator;
  send(text: string): Promise<void>;
}

/** A visitor on the host page who opens the widget and sends `firstText`. */
export async function visitorStartsChat(
  browser: Browser,
  firstText: string,
  hostSite?: HostSite,
): Promise<VisitorSession> {
  const host = hostSite ?? (await sharedHostSite());
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(host.url);
  await page.locator('livechat-widget').getByRole('button', { name: 'Open chat' }).click();
  const chat = panel(page);
  const send = async (text: string) => {
    await chat.getByLabel('Message', { exact: true }).fill(text);
    await chat.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(messages(chat, text)).toHaveCount(1);
  };
  await send(firstText);
  return { context, page, chat, send };
}
