import { createHmac } from 'node:crypto';
import {
  AgentCreateResponse,
  ApiTokenCreateResponse,
  AttachmentUploadResponse,
  IdentitySecretResponse,
  VisitorSessionResponse,
  WebhookSecretResponse,
  type MessageFrame,
} from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookReceiver } from '../test-support/admin-helpers.js';
import { CapturedLog } from '../test-support/captured-log.js';
import { visitorSays } from '../test-support/conversations.js';
import { ADMIN, cid, startTestServer, type TestServer } from '../test-support/test-server.js';
import { redactedUrl } from './log-redaction.js';

// Issue 6: secrets never logged. The server runs at the most verbose level while every kind of
// secret goes through it the way clients send them; then the whole log is searched for each one.

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const log = new CapturedLog();
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ LOG_LEVEL: 'trace' }, { logStream: log });
});
afterAll(async () => {
  await t.stop();
});

describe('redactedUrl', () => {
  it('hides invite tokens and URL signatures, and keeps the rest for debugging', () => {
    expect(redactedUrl('/api/invites/abc123')).toBe('/api/invites/[redacted]');
    expect(redactedUrl('/api/invites/accept')).toBe('/api/invites/accept');
    expect(redactedUrl('/api/files/f1?exp=123&sig=s3cr3t')).toBe('/api/files/f1?exp=123&sig=%5Bredacted%5D');
    expect(redactedUrl('/api/conversations?view=queue')).toBe('/api/conversations?view=queue');
  });
});

describe('the log at trace level', () => {
  it('never contains a password, session, token, signature or secret', async () => {
    const secrets: Record<string, string> = { 'admin password': ADMIN.password };
    const wrongPassword = 'Wrong-Password-Typed-By-Mistake-9';
    expect(
      (await t.api('POST', '/api/auth/login', { body: { email: ADMIN.email, password: wrongPassword } }))
        .status,
    ).toBe(401);
    secrets['mistyped password'] = wrongPassword;

    const cookie = await t.login();
    secrets['session cookie'] = cookie.split('=')[1] ?? 'missing';
    const admin = (method: string, path: string, body?: unknown) =>
      t.api(method, path, { cookie, ...(body === undefined ? {} : { body }) });
    const agentSocket = await t.agentSocket(cookie);

    // A personal API token, used as an integration does.
    const { token: apiToken } = ApiTokenCreateResponse.parse(
      (await admin('POST', '/api/me/tokens', { name: 'CRM', scopes: ['conversations:read'] })).json,
    );
    secrets['API token'] = apiToken;
    const viaToken = await fetch(`${t.base}/api/conversations?view=queue`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(viaToken.status).toBe(200);

    // The site's identity secret, and a verified identify() with its HMAC.
    const { secret: identitySecret } = IdentitySecretResponse.parse(
      (await admin('GET', `/api/admin/sites/${t.site.id}/identity-secret`)).json,
    );
    secrets['identity secret'] = identitySecret;
    const hash = createHmac('sha256', identitySecret).update('user-7').digest('hex');
    secrets['identity hash'] = hash;
    const identified = VisitorSessionResponse.parse(
      (
        await t.api('POST', '/api/widget/session', {
          body: { siteKey: t.site.key, identity: { userId: 'user-7', hash } },
        })
      ).json,
    );
    expect(identified.verified).toBe(true);
    secrets['visitor token'] = identified.token;

    // The visitor chats over the socket (the token is in the hello frame) and uploads a file.
    const visitor = await t.visitor(identified.token);
    await visitorSays(visitor, 'hello, my card ends in 4242');
    const upload = await fetch(`${t.base}/api/widget/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${identified.token}`,
        'content-type': 'image/png',
        'x-file-name': 'card.png',
        'x-client-msg-id': cid('file'),
        origin: t.origin,
      },
      body: PNG,
    });
    AttachmentUploadResponse.parse(await upload.json());
    const fileMessage = await visitor.next<MessageFrame>(
      (f) => f.type === 'message' && f.message.kind === 'FILE',
    );
    const fileUrl = new URL(fileMessage.message.attachment?.url ?? '');
    secrets['file URL signature'] = fileUrl.searchParams.get('sig') ?? 'missing';
    expect((await fetch(fileUrl)).status).toBe(200);

    // A webhook secret, used to sign a test delivery.
    const receiver = await startHookReceiver();
    const { webhook, secret: webhookSecret } = WebhookSecretResponse.parse(
      (await admin('POST', '/api/admin/webhooks', { url: receiver.url, events: ['webhook.test'] })).json,
    );
    secrets['webhook secret'] = webhookSecret;
    await admin('POST', `/api/admin/webhooks/${webhook.id}/test`);
    await receiver.waitFor(1);
    await t.app.webhooks.settled();
    await receiver.close();

    // SMTP credentials, and a send that fails against a port nobody listens on.
    const smtpPassword = 'Smtp-Password-For-Logs-Test';
    expect(
      (
        await admin('PUT', '/api/admin/settings/email', {
          host: '127.0.0.1',
          port: 1,
          secure: false,
          user: 'mailer',
          password: smtpPassword,
          from: 'Support <support@example.com>',
        })
      ).status,
    ).toBe(200);
    secrets['SMTP password'] = smtpPassword;
    await admin('POST', '/api/admin/settings/email/test', { to: 'someone@example.com' });
    await admin('DELETE', '/api/admin/settings/email');

    // An invite link (its token is in a URL path) accepted with a new password.
    const { invite } = AgentCreateResponse.parse(
      (await admin('POST', '/api/admin/agents', { email: 'ivy@example.com', name: 'Ivy' })).json,
    );
    const inviteToken = invite?.url.split('/#/invite/')[1] ?? '';
    expect(inviteToken.length).toBeGreaterThan(10);
    secrets['invite token'] = inviteToken;
    expect((await t.api('GET', `/api/invites/${inviteToken}`)).status).toBe(200);
    const invitedPassword = 'Ivy-Chose-This-Password-1';
    secrets['invited agent password'] = invitedPassword;
    expect(
      (
        await t.api('POST', '/api/invites/accept', {
          body: { token: inviteToken, password: invitedPassword },
        })
      ).status,
    ).toBe(200);

    await admin('POST', '/api/auth/logout');
    await Promise.all([visitor.close(), agentSocket.close()]);

    // The log did record these requests (so the search below is over something real).
    expect(log.linesWith('/api/files/').length).toBeGreaterThan(0);
    expect(log.linesWith('/api/me/tokens').length).toBeGreaterThan(0);
    const leaks = Object.entries(secrets)
      .filter(([, value]) => log.text.includes(value))
      .map(([name, value]) => `${name}: ${log.linesWith(value)[0]?.slice(0, 300) ?? ''}`);
    expect(leaks).toEqual([]);
    expect(log.linesWith('"url":"/api/invites/[redacted]"').length).toBeGreaterThan(0);
  });
});
