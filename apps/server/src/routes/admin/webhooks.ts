import { randomBytes } from 'node:crypto';
import {
  AdminIdParams,
  AdminWebhook,
  AdminWebhookListResponse,
  DeliveryListQuery,
  DeliveryListResponse,
  DeliveryParams,
  DeliveryStatus,
  OkResponse,
  WebhookCreateBody,
  WebhookDeliveryItem,
  WebhookEventName,
  WebhookPatchBody,
  WebhookSecretResponse,
} from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { audit } from '../../domain/admin/audit.js';
import { DomainError } from '../../domain/domain-error.js';
import { eventsOfHook } from '../../domain/webhooks/webhook-service.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

const tags = ['admin: integrations'];
const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

type DeliveryRow = {
  id: string;
  webhookId: string;
  event: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  payload: string;
};

function deliveryItem(d: DeliveryRow): WebhookDeliveryItem {
  const status = DeliveryStatus.safeParse(d.status);
  const event = WebhookEventName.safeParse(d.event);
  const s = status.success ? status.data : 'FAILED';
  return {
    id: d.id,
    webhookId: d.webhookId,
    event: event.success ? event.data : 'webhook.test',
    status: s,
    attempts: d.attempts,
    nextAttemptAt: s === 'PENDING' ? d.nextAttemptAt.getTime() : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.getTime(),
    deliveredAt: d.deliveredAt?.getTime() ?? null,
    payload: d.payload,
  };
}

/** Webhooks (signed with HMAC-SHA256, retried with backoff) and their delivery log. */
const webhookAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);
  const prisma = app.db.prisma;

  const adminWebhook = async (w: {
    id: string;
    url: string;
    events: string;
    active: boolean;
    createdAt: Date;
  }): Promise<AdminWebhook> => {
    const counts = await prisma.webhookDelivery.groupBy({
      by: ['status'],
      where: { webhookId: w.id, createdAt: { gte: new Date(Date.now() - 86_400_000) } },
      _count: { _all: true },
    });
    const n = (status: string) => counts.find((c) => c.status === status)?._count._all ?? 0;
    return {
      id: w.id,
      url: w.url,
      events: eventsOfHook(w),
      active: w.active,
      createdAt: w.createdAt.getTime(),
      recent: { delivered: n('DELIVERED'), pending: n('PENDING'), failed: n('FAILED') },
    };
  };
  const mustFind = async (id: string) => {
    const w = await prisma.webhook.findUnique({ where: { id } });
    if (!w) throw new DomainError('not_found', 'No such webhook');
    return w;
  };

  app.get(
    '/api/admin/webhooks',
    { schema: { tags, response: { 200: AdminWebhookListResponse, ...adminErrors } } },
    async () => ({
      items: await Promise.all(
        (await prisma.webhook.findMany({ orderBy: { createdAt: 'asc' } })).map(adminWebhook),
      ),
    }),
  );

  app.post(
    '/api/admin/webhooks',
    { schema: { tags, body: WebhookCreateBody, response: { 201: WebhookSecretResponse, ...adminErrors } } },
    async (request, reply) => {
      const secret = newSecret();
      const w = await prisma.webhook.create({
        data: {
          url: request.body.url,
          events: JSON.stringify([...new Set(request.body.events)]),
          active: request.body.active ?? true,
          secret,
        },
      });
      await app.webhooks.refresh();
      await audit(prisma, agentOf(request).me.id, 'webhook.create', w.id, { ...request.body });
      return reply.code(201).send({ webhook: await adminWebhook(w), secret });
    },
  );

  app.patch(
    '/api/admin/webhooks/:id',
    {
      schema: {
        tags,
        params: AdminIdParams,
        body: WebhookPatchBody,
        response: { 200: AdminWebhook, ...adminErrors },
      },
    },
    async (request) => {
      await mustFind(request.params.id);
      const { events, ...rest } = request.body;
      const w = await prisma.webhook.update({
        where: { id: request.params.id },
        data: { ...rest, ...(events ? { events: JSON.stringify([...new Set(events)]) } : {}) },
      });
      await app.webhooks.refresh();
      await audit(prisma, agentOf(request).me.id, 'webhook.update', w.id, { ...request.body });
      return adminWebhook(w);
    },
  );

  app.delete(
    '/api/admin/webhooks/:id',
    { schema: { tags, params: AdminIdParams, response: { 200: OkResponse, ...adminErrors } } },
    async (request) => {
      const w = await mustFind(request.params.id);
      await prisma.webhook.delete({ where: { id: w.id } });
      await app.webhooks.refresh();
      await audit(prisma, agentOf(request).me.id, 'webhook.delete', w.id, { url: w.url });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/admin/webhooks/:id/rotate-secret',
    { schema: { tags, params: AdminIdParams, response: { 200: WebhookSecretResponse, ...adminErrors } } },
    async (request) => {
      await mustFind(request.params.id);
      const secret = newSecret();
      const w = await prisma.webhook.update({ where: { id: request.params.id }, data: { secret } });
      await app.webhooks.refresh();
      await audit(prisma, agentOf(request).me.id, 'webhook.rotate_secret', w.id);
      return { webhook: await adminWebhook(w), secret };
    },
  );

  app.post(
    '/api/admin/webhooks/:id/test',
    { schema: { tags, params: AdminIdParams, response: { 202: WebhookDeliveryItem, ...adminErrors } } },
    async (request, reply) => {
      const w = await mustFind(request.params.id);
      const id = await app.webhooks.enqueueTest(w.id);
      await audit(prisma, agentOf(request).me.id, 'webhook.test', w.id);
      return reply
        .code(202)
        .send(deliveryItem(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id } })));
    },
  );

  app.get(
    '/api/admin/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        params: AdminIdParams,
        querystring: DeliveryListQuery,
        response: { 200: DeliveryListResponse, ...adminErrors },
      },
    },
    async (request) => {
      await mustFind(request.params.id);
      const { limit = 50, cursor, status } = request.query;
      const rows = await prisma.webhookDelivery.findMany({
        where: { webhookId: request.params.id, ...(status ? { status } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map(deliveryItem),
        nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  );

  app.post(
    '/api/admin/webhooks/:id/deliveries/:deliveryId/retry',
    { schema: { tags, params: DeliveryParams, response: { 200: WebhookDeliveryItem, ...adminErrors } } },
    async (request) => {
      const d = await prisma.webhookDelivery.findUnique({ where: { id: request.params.deliveryId } });
      if (!d || d.webhookId !== request.params.id) throw new DomainError('not_found', 'No such delivery');
      if (d.status === 'DELIVERED') throw new DomainError('invalid_state', 'The delivery succeeded already');
      const updated = await prisma.webhookDelivery.update({
        where: { id: d.id },
        data: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date() },
      });
      app.webhooks.kick();
      await audit(prisma, agentOf(request).me.id, 'webhook.retry', d.id, { webhookId: d.webhookId });
      return deliveryItem(updated);
    },
  );
  await Promise.resolve();
};
export default webhookAdminRoutes;
