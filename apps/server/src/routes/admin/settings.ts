import {
  EmailSettings,
  EmailSettingsBody,
  EmailTestBody,
  OkResponse,
  RetentionSettings,
} from '@livechat/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { audit } from '../../domain/admin/audit.js';
import { retentionDays } from '../../domain/admin/retention.js';
import { SETTING_KEYS, writeSetting } from '../../domain/admin/settings.js';
import { DomainError } from '../../domain/domain-error.js';
import { agentOf } from '../../plugins/auth.js';
import { adminErrors } from './route-errors.js';

const tags = ['admin: settings'];
const withUnavailable = { ...adminErrors, 503: adminErrors[400] };

/** Instance settings: SMTP (optional email) and data retention. */
const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/api/admin/settings/email',
    { schema: { tags, response: { 200: EmailSettings, ...adminErrors } } },
    async () => app.mailer.settings(),
  );

  app.put(
    '/api/admin/settings/email',
    { schema: { tags, body: EmailSettingsBody, response: { 200: EmailSettings, ...adminErrors } } },
    async (request) => {
      const saved = await app.mailer.save(request.body);
      await audit(app.db.prisma, agentOf(request).me.id, 'settings.email', 'smtp', { ...request.body });
      return saved;
    },
  );

  app.delete(
    '/api/admin/settings/email',
    { schema: { tags, response: { 200: EmailSettings, ...adminErrors } } },
    async (request) => {
      const saved = await app.mailer.disable();
      await audit(app.db.prisma, agentOf(request).me.id, 'settings.email', 'smtp', { configured: false });
      return saved;
    },
  );

  app.post(
    '/api/admin/settings/email/test',
    { schema: { tags, body: EmailTestBody, response: { 200: OkResponse, ...withUnavailable } } },
    async (request) => {
      const sent = await app.mailer.send({
        to: request.body.to,
        subject: 'Live chat: test email',
        text: 'Email from your live chat server works.',
      });
      if (!sent) throw new DomainError('invalid_state', 'Email is off: save the SMTP settings first');
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/settings/retention',
    { schema: { tags, response: { 200: RetentionSettings, ...adminErrors } } },
    async () => ({ retentionDays: await retentionDays(app) }),
  );

  app.put(
    '/api/admin/settings/retention',
    { schema: { tags, body: RetentionSettings, response: { 200: RetentionSettings, ...adminErrors } } },
    async (request) => {
      await writeSetting(app.db.prisma, SETTING_KEYS.retention, request.body);
      await audit(app.db.prisma, agentOf(request).me.id, 'settings.retention', 'retention', {
        ...request.body,
      });
      return request.body;
    },
  );
  await Promise.resolve();
};
export default settingsRoutes;
