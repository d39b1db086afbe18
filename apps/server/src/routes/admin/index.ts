import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ApiError } from '@livechat/protocol';
import fp from 'fastify-plugin';
import { FieldError } from '../../domain/admin/field-error.js';
import { applyRetention, RETENTION_LEASE } from '../../domain/admin/retention.js';
import { HTTP_STATUS } from '../../domain/domain-error.js';
import { Mailer } from '../../domain/email/mailer.js';
import { WebhookService, type WebhookServiceOptions } from '../../domain/webhooks/webhook-service.js';
import { runUnderLease } from '../../store/leases.js';
import agentAdminRoutes from './agents.js';
import apiTokenAdminRoutes from './api-tokens.js';
import auditRoutes from './audit.js';
import cannedAdminRoutes from './canned-responses.js';
import departmentAdminRoutes from './departments.js';
import emailReplyRoutes from './email-reply.js';
import inviteRoutes from './invites.js';
import profileRoutes from './profile.js';
import reportRoutes from './reports.js';
import settingsRoutes from './settings.js';
import siteAdminRoutes from './sites.js';
import visitorAdminRoutes from './visitors.js';
import webhookAdminRoutes from './webhooks.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Optional email (SMTP settings in the Setting table). */
    mailer: Mailer;
    /** Outgoing webhooks: rows after each commit, a worker under a lease. */
    webhooks: WebhookService;
  }
}

export type AdminOptions = {
  webhooks?: Omit<WebhookServiceOptions, 'holder'>;
  /** How often the retention job looks for expired conversations. */
  retentionIntervalMs?: number;
};

/**
 * Administration: one plugin per domain under this folder, the mailer, the webhook worker and the
 * retention job. A FieldError (a body that parsed but names something wrong) is answered like a
 * schema error, with a message for that field; every other error goes on to the app's handler.
 */
export default fp<AdminOptions>(
  async (app, opts) => {
    const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const mailer = new Mailer(app.db.prisma);
    const webhooks = new WebhookService(app.db.prisma, app.store, app.log, { ...opts.webhooks, holder });
    app.decorate('mailer', mailer);
    app.decorate('webhooks', webhooks);
    app.store.beforeCommit = webhooks.beforeCommit;
    app.publisher.onCommitted(webhooks.onCommitted);

    let stopRetention: () => void = () => undefined;
    app.addHook('onReady', async () => {
      await webhooks.start();
      stopRetention = runUnderLease(
        {
          store: app.store,
          name: RETENTION_LEASE,
          holder,
          intervalMs: opts.retentionIntervalMs ?? 3_600_000,
          onError: (err) => app.log.error({ err }, 'retention'),
        },
        async () => {
          await applyRetention(app);
        },
      );
      await Promise.resolve();
    });
    // Before core's onClose (registered earlier, so it runs later): the database is still open here.
    app.addHook('onClose', async () => {
      stopRetention();
      await webhooks.stop();
    });

    await app.register(async (scope) => {
      scope.setErrorHandler((error, _request, reply) => {
        if (!(error instanceof FieldError)) throw error;
        const body: ApiError = {
          error: { code: error.code, message: error.message, fields: { [error.field]: error.fieldMessage } },
        };
        return reply.code(HTTP_STATUS[error.code]).send(body);
      });
      await scope.register(departmentAdminRoutes);
      await scope.register(agentAdminRoutes);
      await scope.register(siteAdminRoutes);
      await scope.register(cannedAdminRoutes);
      await scope.register(reportRoutes);
      await scope.register(webhookAdminRoutes);
      await scope.register(apiTokenAdminRoutes);
      await scope.register(visitorAdminRoutes);
      await scope.register(settingsRoutes);
      await scope.register(auditRoutes);
      await scope.register(profileRoutes);
      await scope.register(inviteRoutes);
      await scope.register(emailReplyRoutes);
    });
  },
  { name: 'admin', dependencies: ['core', 'auth'] },
);
