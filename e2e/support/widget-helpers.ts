// Helpers for the widget journeys (widget-*.spec.ts): the launcher in its shadow root, the panel in
// its iframe, and the agent's side through the REST API where the journey is not about the console.
import { createHmac } from 'node:crypto';
import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type FrameLocator,
  type Locator,
  type Page,
} from '@playwright/test';
import { apiAsAdmin, type HostSite } from './admin.js';
import { hostPageOrigin, hostPageUrl, serverUrl } from './urls.js';

/*
 * The server limits sign-ins per minute, and a run of journeys would exceed it signing in for every
 * step. So each worker signs in once: one admin REST client, whose session cookie also opens the
 * console in agent browser contexts.
 */
let admin: Promise<APIRequestContext> | null = null;
export function adminApi(): Promise<APIRequestContext> {
  admin ??= apiAsAdmin();
  return admin;
}

/** A browser context signed in to the console as the admin (no sign-in form, no extra login). */
export async function agentContext(browser: Browser): Promise<BrowserContext> {
  const api = await adminApi();
  return browser.newContext({ storageState: await api.storageState() });
}

/** Like prepareHostSite(), on the shared admin session: the first site, with the host page allowed. */
export async function hostSite(): Promise<HostSite> {
  const api = await adminApi();
  const listed: unknown = await (await api.get('/api/sites')).json();
  const items: unknown[] = isRecord(listed) && Array.isArray(listed.items) ? listed.items : [];
  const site = items[0];
  if (!isRecord(site) || typeof site.id !== 'string' || typeof site.key !== 'string')
    throw new Error(`GET /api/sites: no site in ${JSON.stringify(listed)}`);
  const origins = Array.isArray(site.allowedOrigins)
    ? site.allowedOrigins.filter((o) => typeof o === 'string')
    : [];
  if (!origins.includes(hostPageOrigin())) {
    const patched = await api.patch(`/api/sites/${site.id}`, {
      data: { allowedOrigins: [...origins, hostPageOrigin()] },
    });
    expect(patched.ok(), 'PATCH /api/sites/:id').toBe(true);
  }
  return { siteId: site.id, siteKey: site.key, url: hostPageUrl(site.key) };
}

export function launcher(page: Page): Locator {
  return page.locator('livechat-widget').getByRole('button', { name: /^(Open|Close) chat$/ });
}

export function panel(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Chat"]');
}

export function messages(scope: Page | FrameLocator, text: string): Locator {
  return scope.getByTestId('message').filter({ hasText: text });
}

/** Opens the widget (unless open) and waits for the composer. */
export async function openWidget(page: Page): Promise<FrameLocator> {
  const button = launcher(page);
  await expect(button).toBeVisible();
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(page.locator('iframe[title="Chat"]')).toBeInViewport();
  return panel(page);
}

export async function sendFromWidget(chat: FrameLocator, text: string): Promise<void> {
  await chat.getByLabel('Message', { exact: true }).fill(text);
  await chat.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Each text appears exactly once (replay must not duplicate) and in the given order. */
export async function expectHistory(scope: Page | FrameLocator, texts: string[]): Promise<void> {
  for (const text of texts) await expect(messages(scope, text)).toHaveCount(1);
  const shown = await scope.getByTestId('message').allInnerTexts();
  const positions = texts.map((text) => shown.findIndex((message) => message.includes(text)));
  expect(positions, `positions of ${JSON.stringify(texts)} in ${JSON.stringify(shown)}`).not.toContain(-1);
  expect(positions, `order in ${JSON.stringify(shown)}`).toEqual([...positions].sort((a, b) => a - b));
}

export interface ListedConversation {
  id: string;
  status: string;
  rating: number | null;
  visitorVerified: boolean;
}

/** The conversation whose visitor, email or messages match `q` (admin sees every department). */
export async function findConversation(
  api: APIRequestContext,
  q: string,
  view: 'queue' | 'all' | 'closed' = 'all',
): Promise<ListedConversation | null> {
  const response = await api.get(`/api/conversations?view=${view}&q=${encodeURIComponent(q)}`);
  expect(response.status(), `GET /api/conversations?view=${view}`).toBe(200);
  const body: unknown = await response.json();
  const items = isRecord(body) && Array.isArray(body.items) ? body.items : [];
  const item: unknown = items[0];
  if (!isRecord(item) || typeof item.id !== 'string' || typeof item.status !== 'string') return null;
  const visitor = isRecord(item.visitor) ? item.visitor : {};
  return {
    id: item.id,
    status: item.status,
    rating: typeof item.rating === 'number' ? item.rating : null,
    visitorVerified: visitor.verified === true,
  };
}

/** Waits until the admin can find a conversation by `q` in `view`. */
export async function waitForConversation(
  api: APIRequestContext,
  q: string,
  view: 'queue' | 'all' | 'closed' = 'all',
): Promise<ListedConversation> {
  let found: ListedConversation | null = null;
  await expect
    .poll(async () => (found = await findConversation(api, q, view)), {
      message: `conversation matching ${q}`,
    })
    .not.toBeNull();
  if (!found) throw new Error('unreachable');
  return found;
}

/** The console (in an agentContext): opens the queued conversation that contains `text`, claims it. */
export async function agentClaims(agent: Page, text: string): Promise<void> {
  await agent.goto(`${serverUrl()}/`);
  const queueTab = agent
    .getByRole('link', { name: /^Queue\b/ })
    .or(agent.getByRole('tab', { name: /^Queue\b/ }))
    .or(agent.getByRole('button', { name: /^Queue\b/ }));
  await queueTab.first().click();
  const row = agent.getByTestId('conversation-item').filter({ hasText: text });
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(messages(agent, text)).toHaveCount(1);
  await agent.getByRole('button', { name: 'Claim', exact: true }).click();
  await expect(agent.getByRole('button', { name: 'Claim', exact: true })).toBeHidden();
}

export async function agentReplies(agent: Page, text: string): Promise<void> {
  await agent.getByLabel('Reply', { exact: true }).fill(text);
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(messages(agent, text)).toHaveCount(1);
}

/** The site's identity secret, as the customer's backend holds it (the admin API hands it out). */
export async function identitySecret(siteId: string): Promise<string> {
  const api = await adminApi();
  const response = await api.get(`/api/admin/sites/${encodeURIComponent(siteId)}/identity-secret`);
  expect(response.ok(), `GET identity-secret answered ${response.status()}`).toBe(true);
  const body: unknown = await response.json();
  if (!isRecord(body) || typeof body.secret !== 'string') throw new Error('no secret in the answer');
  return body.secret;
}

/** hash = hex(HMAC-SHA256(userId, secret)), as the customer's backend computes it. */
export function identityHash(userId: string, secret: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}

/**
 * Records every WebSocket the page's frames open (the panel's lives in a closure), so a journey can
 * cut the connection the way a network drop does: Chromium's setOffline leaves open sockets alone.
 */
export async function trackWebSockets(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const opened: WebSocket[] = [];
    Object.defineProperty(window, '__livechatSockets', { value: opened });
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        opened.push(this);
      }
    };
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A tiny valid PNG (1x1), for attachment journeys. */
export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** What the journeys call on the loader's one global (the loader defines the real type). */
interface LiveChatGlobal {
  open: () => void;
  close: () => void;
  identify: (user: { userId?: string; name?: string; email?: string; hash?: string }) => void;
  setLocale: (locale: string | null) => void;
  shutdown: () => void;
}
declare global {
  interface Window {
    LiveChat?: LiveChatGlobal;
  }
}

/** Until no agent of the site's default department is online (journeys before this one had consoles open). */
export async function waitUntilNobodyOnline(serverUrl: string, siteKey: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await fetch(`${serverUrl}/api/widget/config?siteKey=${encodeURIComponent(siteKey)}`);
        const body: unknown = await response.json();
        return isRecord(body) ? body.online : 'unreadable';
      },
      { message: 'the default department is offline', timeout: 30_000 },
    )
    .toBe(false);
}
