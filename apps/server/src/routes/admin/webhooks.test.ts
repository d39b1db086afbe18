import {
  AdminWebhook,
  ApiError,
  ApiTokenCreateResponse,
  DeliveryListResponse,
  WebhookDeliveryItem,
  WebhookPayload,
  WebhookSecretResponse,
} from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startAdminTestServer,
  startHookReceiver,
  withToken,
  type AdminTestServer,
} from '../../test-support/admin-helpers.js';
import { claim, startConversation } from '../../test-support/conversations.js';
import { verifySignature } from '../../domain/webhooks/signature.js';
import { backoffMs } from '../../domain/webhooks/webhook-service.js';

let t: AdminTestServer;
beforeAll(async () => {
  t = await startAdminTestServer();
});
afterAll(async () => t.stop());

describe('webhooks', () => {
  it('a receiver on localhost gets signed events that verify', async () => {
    const receiver = await startHookReceiver();
    const created = await t.asAdmin('POST', '/api/admin/webhooks', {
      url: receiver.url,
      events: ['conversation.created', 'conversation.claimed', 'message.created', 'conversation.closed'],
    });
    expect(created.status).toBe(201);
    const { webhook, secret } = WebhookSecretResponse.parse(created.json);

    const { conversationId } = await startConversation(t, 'I need help with my order');
    expect((await claim(t, t.adminCookie, conversationId)).status).toBe(200);
    const calls = await receiver.waitFor(3);
    await t.app.webhooks.settled();

    const events = calls.map((c) => c.headers['x-event']);
    expect(events).toEqual(['conversation.created', 'message.created', 'conversation.claimed']);
    for (const call of calls) {
      expect(verifySignature(call.body, secret, String(call.headers['x-signature']))).toBe(true);
      expect(verifySignature(call.body, 'wrong-secret', String(call.headers['x-signature']))).toBe(false);
      const payload = WebhookPayload.parse(JSON.parse(call.body));
      expect(payload.conversation?.id).toBe(conversationId);
      expect(call.headers['x-delivery']).toBe(payload.id);
    }
    expect(WebhookPayload.parse(JSON.parse(calls[1]?.body ?? '')).message?.text).toBe(
      'I need help with my order',
    );

    const log = DeliveryListResponse.parse(
      (await t.asAdmin('GET', `/api/admin/webhooks/${webhook.id}/deliveries`)).json,
    );
    expect(log.items).toHaveLength(3);
    expect(
      log.items.every((d) => d.status === 'DELIVERED' && d.attempts === 1 && d.lastStatusCode === 200),
    ).toBe(true);
    await t.asAdmin('DELETE', `/api/admin/webhooks/${webhook.id}`);
    await receiver.close();
  });

  it('a failing receiver is retried with backoff, shown in the log, and can be retried at once', async () => {
    const receiver = await startHookReceiver([500]);
    const { webhook, secret } = WebhookSecretResponse.parse(
      (await t.asAdmin('POST', '/api/admin/webhooks', { url: receiver.url, events: ['webhook.test'] })).json,
    );
    const queued = await t.asAdmin('POST', `/api/admin/webhooks/${webhook.id}/test`);
    expect(queued.status).toBe(202);
    const delivery = WebhookDeliveryItem.parse(queued.json);
    await receiver.waitFor(1);
    await t.app.webhooks.settled();

    let log = DeliveryListResponse.parse(
      (await t.asAdmin('GET', `/api/admin/webhooks/${webhook.id}/deliveries`)).json,
    );
    expect(log.items[0]).toMatchObject({
      id: delivery.id,
      status: 'PENDING',
      attempts: 1,
      lastStatusCode: 500,
    });
    expect((log.items[0]?.nextAttemptAt ?? 0) - Date.now()).toBeGreaterThan(30_000);

    const retried = await t.asAdmin(
      'POST',
      `/api/admin/webhooks/${webhook.id}/deliveries/${delivery.id}/retry`,
    );
    expect(retried.status).toBe(200);
    const calls = await receiver.waitFor(2);
    await t.app.webhooks.settled();
    expect(calls[0]?.body).toBe(calls[1]?.body);
    expect(verifySignature(calls[1]?.body ?? '', secret, String(calls[1]?.headers['x-signature']))).toBe(
      true,
    );
    log = DeliveryListResponse.parse(
      (await t.asAdmin('GET', `/api/admin/webhooks/${webhook.id}/deliveries`)).json,
    );
    expect(log.items[0]).toMatchObject({ status: 'DELIVERED', lastStatusCode: 200 });

    const list = await t.asAdmin('GET', '/api/admin/webhooks');
    const item = (list.json as { items: AdminWebhook[] }).items.find((w) => w.id === webhook.id);
    expect(item?.recent.delivered).toBe(1);
    await receiver.close();
  });

  it('writes the deliveries in the transaction of the message: stored when it is acked, not after', async () => {
    const receiver = await startHookReceiver([503]);
    const created = await t.asAdmin('POST', '/api/admin/webhooks', {
      url: receiver.url,
      events: ['message.created'],
    });
    const { webhook } = WebhookSecretResponse.parse(created.json);
    // The worker is stopped: whatever rows exist now were written by the message's own commit.
    await t.app.webhooks.stop();
    try {
      const { ack } = await startConversation(t, 'is my delivery row already there?');
      const rows = await t.app.db.prisma.webhookDelivery.findMany({ where: { webhookId: webhook.id } });
      expect(rows.map((r) => r.event)).toEqual(['message.created']);
      expect(WebhookPayload.parse(JSON.parse(rows[0]?.payload ?? '')).message?.seq).toBe(ack.seq);
    } finally {
      await t.app.webhooks.start();
      await t.asAdmin('PATCH', `/api/admin/webhooks/${webhook.id}`, { active: false });
    }
  });

  it('backoff doubles from the base delay', () => {
    expect([1, 2, 3, 7].map((n) => backoffMs(n, 60_000))).toEqual([60_000, 120_000, 240_000, 3_840_000]);
  });

  it('validates url and events, rotates the secret, toggles active', async () => {
    const bad = await t.asAdmin('POST', '/api/admin/webhooks', {
      url: 'ftp://x',
      events: ['conversation.exploded'],
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(ApiError.parse(bad.json).error.fields ?? {}).sort()).toEqual(['events.0', 'url']);
    const { webhook, secret } = WebhookSecretResponse.parse(
      (
        await t.asAdmin('POST', '/api/admin/webhooks', {
          url: 'http://127.0.0.1:9/x',
          events: ['message.created'],
        })
      ).json,
    );
    const rotated = WebhookSecretResponse.parse(
      (await t.asAdmin('POST', `/api/admin/webhooks/${webhook.id}/rotate-secret`)).json,
    );
    expect(rotated.secret).not.toBe(secret);
    const off = await t.asAdmin('PATCH', `/api/admin/webhooks/${webhook.id}`, { active: false });
    expect(AdminWebhook.parse(off.json).active).toBe(false);
    const audit = await t.app.db.prisma.auditEvent.findMany({ where: { target: webhook.id } });
    expect(audit.map((a) => a.action).sort()).toEqual([
      'webhook.create',
      'webhook.rotate_secret',
      'webhook.update',
    ]);
    expect(audit.some((a) => a.details.includes(rotated.secret))).toBe(false);
  });
});

describe('API tokens', () => {
  it('work without an Origin, within their scopes, until revoked', async () => {
    const res = await t.asAdmin('POST', '/api/me/tokens', {
      name: 'CRM sync',
      scopes: ['conversations:read'],
    });
    expect(res.status).toBe(201);
    const { token, item } = ApiTokenCreateResponse.parse(res.json);
    expect(token).toMatch(/^lct_/);

    const read = await withToken(t, token, 'GET', '/api/conversations?view=queue');
    expect(read.status).toBe(200);
    const write = await withToken(t, token, 'POST', '/api/admin/departments', { name: 'Via token' });
    expect(write.status).toBe(403);
    expect(ApiError.parse(write.json).error.message).toMatch(/admin scope/);
    expect((await withToken(t, token, 'GET', '/api/me/tokens')).status).toBe(403);
    const row = await t.app.db.prisma.apiToken.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.tokenHash).not.toContain(token);

    const adminToken = ApiTokenCreateResponse.parse(
      (await t.asAdmin('POST', '/api/me/tokens', { name: 'Ops', scopes: ['admin'] })).json,
    ).token;
    expect(
      (await withToken(t, adminToken, 'POST', '/api/admin/departments', { name: 'Via token' })).status,
    ).toBe(201);

    expect((await t.asAdmin('DELETE', `/api/me/tokens/${item.id}`)).status).toBe(200);
    expect((await withToken(t, token, 'GET', '/api/conversations?view=queue')).status).toBe(401);
    expect((await withToken(t, 'lct_made-up', 'GET', '/api/conversations?view=queue')).status).toBe(401);
  });

  it('an agent cannot mint an admin-scoped token; admins can list and revoke anyone’s', async () => {
    const refused = await t.asAgent('POST', '/api/me/tokens', { name: 'Sneaky', scopes: ['admin'] });
    expect(refused.status).toBe(400);
    expect(ApiError.parse(refused.json).error.fields?.scopes).toBeDefined();
    const mine = ApiTokenCreateResponse.parse(
      (await t.asAgent('POST', '/api/me/tokens', { name: 'Mine', scopes: ['conversations:read'] })).json,
    );
    const all = await t.asAdmin('GET', '/api/admin/api-tokens');
    expect(JSON.stringify(all.json)).toContain(mine.item.id);
    expect((await t.asAdmin('DELETE', `/api/admin/api-tokens/${mine.item.id}`)).status).toBe(200);
    expect((await withToken(t, mine.token, 'GET', '/api/conversations?view=queue')).status).toBe(401);
  });
});
