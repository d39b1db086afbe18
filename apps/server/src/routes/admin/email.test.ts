import { AgentCreateResponse, ApiError, EmailReplyResponse, EmailSettings } from '@livechat/protocol';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminTestServer, type AdminTestServer } from '../../test-support/admin-helpers.js';
import { startConversation } from '../../test-support/conversations.js';

type Received = { to: string[]; data: string };
let t: AdminTestServer;
let smtp: SMTPServer;
let smtpPort = 0;
const inbox: Received[] = [];

beforeAll(async () => {
  t = await startAdminTestServer();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.stop();
});

describe('email (optional SMTP)', () => {
  it('is off by default: the test button says so', async () => {
    expect(EmailSettings.parse((await t.asAdmin('GET', '/api/admin/settings/email')).json).configured).toBe(
      false,
    );
    const res = await t.asAdmin('POST', '/api/admin/settings/email/test', { to: 'me@example.com' });
    expect(res.status).toBe(409);
  });

  it('validates settings, never returns the password, and sends through the SMTP server', async () => {
    const bad = await t.asAdmin('PUT', '/api/admin/settings/email', { host: '', port: 70000, from: '' });
    expect(Object.keys(ApiError.parse(bad.json).error.fields ?? {}).sort()).toEqual(['from', 'host', 'port']);
    const saved = await t.asAdmin('PUT', '/api/admin/settings/email', {
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      user: 'mailer',
      password: 'smtp-secret',
      from: 'Support <support@example.com>',
    });
    expect(EmailSettings.parse(saved.json)).toMatchObject({
      configured: true,
      hasPassword: true,
      user: 'mailer',
    });
    expect(JSON.stringify(saved.json)).not.toContain('smtp-secret');
    const audit = await t.app.db.prisma.auditEvent.findFirst({ where: { action: 'settings.email' } });
    expect(audit?.details).not.toContain('smtp-secret');

    // The receiver accepts without auth: drop the user so nodemailer does not try to log in.
    await t.asAdmin('PUT', '/api/admin/settings/email', {
      host: '127.0.0.1',
      port: smtpPort,
      from: 'Support <support@example.com>',
    });
    const sent = await t.asAdmin('POST', '/api/admin/settings/email/test', { to: 'me@example.com' });
    expect(sent.status).toBe(200);
    expect(inbox.at(-1)?.to).toEqual(['me@example.com']);
  });

  it('invite links go out by email when SMTP is set', async () => {
    const res = await t.asAdmin('POST', '/api/admin/agents', { email: 'newbie@example.com', name: 'Newbie' });
    const { invite } = AgentCreateResponse.parse(res.json);
    expect(invite?.emailed).toBe(true);
    const mail = inbox.at(-1);
    expect(mail?.to).toEqual(['newbie@example.com']);
    expect(mail?.data.replace(/=\r\n/g, '')).toContain(invite?.url.split('#')[1] ?? 'missing');
  });

  it('a reply to an offline message is emailed to the visitor and kept as a note', async () => {
    const { conversationId } = await startConversation(t, 'Please call me back');
    const row = await t.app.db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const noEmail = await t.asAdmin('POST', `/api/conversations/${conversationId}/email-reply`, {
      text: 'Hi',
    });
    expect(noEmail.status).toBe(409);
    await t.app.db.prisma.visitor.update({
      where: { id: row.visitorId },
      data: { email: 'visitor@example.com' },
    });
    const res = await t.asAdmin('POST', `/api/conversations/${conversationId}/email-reply`, {
      text: 'We will call you tomorrow.',
    });
    expect(EmailReplyResponse.parse(res.json)).toMatchObject({ emailed: true, to: 'visitor@example.com' });
    expect(inbox.at(-1)?.to).toEqual(['visitor@example.com']);
    const note = await t.app.db.prisma.message.findFirst({ where: { conversationId, kind: 'NOTE' } });
    expect(note?.body).toContain('We will call you tomorrow.');

    // Without SMTP the same reply comes back to copy.
    await t.asAdmin('DELETE', '/api/admin/settings/email');
    const copy = await t.asAdmin('POST', `/api/conversations/${conversationId}/email-reply`, {
      text: 'Copy me',
    });
    expect(EmailReplyResponse.parse(copy.json)).toMatchObject({ emailed: false, text: 'Copy me' });
  });

  it('an SMTP server that is down is a 503 with the reason', async () => {
    await t.asAdmin('PUT', '/api/admin/settings/email', {
      host: '127.0.0.1',
      port: 1,
      from: 'a@example.com',
    });
    const res = await t.asAdmin('POST', '/api/admin/settings/email/test', { to: 'me@example.com' });
    expect(res.status).toBe(503);
    expect(ApiError.parse(res.json).error.message).toMatch(/SMTP server/);
  });
});
