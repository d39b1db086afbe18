import { readdirSync } from 'node:fs';
import {
  ApiError,
  AttachmentUploadResponse,
  LIMITS,
  type ChatMessage,
  type MessageFrame,
  type ReplayPageFrame,
} from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claim, startConversation, visitorSays } from '../test-support/conversations.js';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

// DESIGN.md "Storage": uploads checked by content, size-limited with a per-visitor quota, served
// through signed, expiring URLs with nosniff and a sandboxing CSP.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function upload(
  path: string,
  body: Buffer,
  opts: { token?: string; cookie?: string; name?: string; clientMsgId?: string; type?: string } = {},
) {
  const headers: Record<string, string> = {
    'content-type': opts.type ?? 'application/octet-stream',
    'x-file-name': encodeURIComponent(opts.name ?? 'file.bin'),
    'x-client-msg-id': opts.clientMsgId ?? cid('file'),
    origin: t.origin,
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  const res = await fetch(`${t.base}${path}`, { method: 'POST', headers, body });
  const json: unknown = await res.json();
  return { status: res.status, json };
}

const filesOnDisk = () => readdirSync(t.app.env.filesDir).length;

describe('visitor uploads', () => {
  it('starts a conversation with a FILE message whose signed URL serves the image inline', async () => {
    const visitor = await t.visitor();
    const clientMsgId = cid('img');
    const res = await upload('/api/widget/attachments', PNG, {
      token: visitor.token,
      name: 'Screen shot 1.png',
      clientMsgId,
      type: 'image/png',
    });
    expect(res.status).toBe(200);
    const ack = AttachmentUploadResponse.parse(res.json);
    expect(ack.clientMsgId).toBe(clientMsgId);

    // The visitor's tabs follow the new conversation and are shown the file.
    const page = await visitor.next<ReplayPageFrame>(
      (f) => f.type === 'replay.page' && f.conversationId === ack.conversationId,
    );
    const shown = page.messages.find((m) => m.seq === ack.seq);
    expect(shown?.kind).toBe('FILE');
    expect(shown?.text).toBe('Screen shot 1.png');
    const attachment = shown?.attachment;
    if (!attachment) throw new Error('no attachment on the FILE message');
    expect(attachment).toMatchObject({
      name: 'Screen shot 1.png',
      contentType: 'image/png',
      size: PNG.length,
    });
    expect(attachment.urlExpiresAt).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    const file = await fetch(attachment.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="Screen shot 1.png"/);

    // A retry with the same clientMsgId stores nothing more.
    const before = filesOnDisk();
    const again = await upload('/api/widget/attachments', PNG, {
      token: visitor.token,
      name: 'Screen shot 1.png',
      clientMsgId,
    });
    expect(AttachmentUploadResponse.parse(again.json)).toEqual(ack);
    expect(filesOnDisk()).toBe(before);
    expect(await t.app.db.prisma.attachment.count({ where: { conversationId: ack.conversationId } })).toBe(1);
    await visitor.close();
  });

  it('serves non-images as downloads, and refuses tampered or expired links', async () => {
    const { visitor, conversationId } = await startConversation(t);
    const res = await upload('/api/widget/attachments', PDF, {
      token: visitor.token,
      name: 'facture été.pdf',
    });
    expect(res.status).toBe(200);
    const message = await visitor.next<MessageFrame>(
      (f) => f.type === 'message' && f.message.kind === 'FILE',
    );
    expect(message.message.conversationId).toBe(conversationId);
    const url = new URL(message.message.attachment?.url ?? '');
    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="facture _t_.pdf"; filename*=UTF-8''facture%20%C3%A9t%C3%A9.pdf`,
    );

    const tampered = new URL(url);
    tampered.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3_600_000));
    expect((await fetch(tampered)).status).toBe(403);
    // A genuine signature whose expiry has passed.
    const stale = t.app.files.signer.sign(message.message.attachment?.id ?? '', Date.now() - 26 * 3_600_000);
    expect(stale.expiresAt).toBeLessThan(Date.now());
    const expired = new URL(stale.url);
    expect((await fetch(expired)).status).toBe(403);
    const noSig = new URL(url);
    noSig.searchParams.delete('sig');
    expect([400, 403]).toContain((await fetch(noSig)).status);
    await visitor.close();
  });

  it('refuses content that is not allowed or does not match its name, and files over the limits', async () => {
    const visitor = await t.visitor();
    const before = filesOnDisk();
    const refused = async (body: Buffer, name: string, status: number) => {
      const res = await upload('/api/widget/attachments', body, { token: visitor.token, name });
      expect(res.status, name).toBe(status);
      return ApiError.parse(res.json).error;
    };
    await refused(Buffer.from('<html><script>alert(1)</script></html>'), 'page.html', 415);
    await refused(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), 'logo.svg', 415);
    await refused(PNG, 'invoice.pdf', 415);
    await refused(PDF, 'photo.png', 415);
    await refused(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]), 'tool.bin', 415);
    const big = await refused(Buffer.alloc(LIMITS.attachmentBytes + 1, 0x61), 'big.txt', 413);
    expect(big.code).toBe('frame_too_large');

    // The quota counts what the visitor stored before.
    const c = await startConversation(t);
    const visitorId = (
      await t.app.db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })
    ).visitorId;
    await t.app.db.prisma.attachment.create({
      data: {
        conversationId: c.conversationId,
        uploaderKind: 'VISITOR',
        uploaderId: visitorId,
        fileName: 'old.bin',
        contentType: 'application/zip',
        size: LIMITS.visitorQuotaBytes - 10,
        storageKey: `quota-${c.conversationId}`,
      },
    });
    const overQuota = await upload('/api/widget/attachments', PDF, { token: c.visitor.token, name: 'a.pdf' });
    expect(overQuota.status).toBe(413);
    const text = await upload('/api/widget/attachments', Buffer.from('ok'), {
      token: c.visitor.token,
      name: 'a.txt',
    });
    expect(text.status).toBe(200);
    expect(filesOnDisk()).toBe(before + 1);

    const anonymous = await upload('/api/widget/attachments', PNG, {});
    expect(anonymous.status).toBe(401);
    await visitor.close();
    await c.visitor.close();
  });
});

describe('agent uploads', () => {
  it('only the assignee may send a file; agents replaying get a fresh URL', async () => {
    const { visitor, conversationId } = await startConversation(t);
    const admin = await t.login();
    const other = await t.createAgent('Uma Uploader');
    const path = `/api/conversations/${conversationId}/attachments`;
    expect((await upload(path, PNG, { cookie: admin, name: 'a.png' })).status).toBe(409);
    expect((await claim(t, admin, conversationId)).status).toBe(200);
    expect((await upload(path, PNG, { cookie: other.cookie, name: 'a.png' })).status).toBe(403);
    const res = await upload(path, PNG, { cookie: admin, name: 'a.png' });
    expect(res.status).toBe(200);
    const ack = AttachmentUploadResponse.parse(res.json);

    const shown = await visitor.next<MessageFrame>((f) => f.type === 'message' && f.message.seq === ack.seq);
    expect(shown.message).toMatchObject({ kind: 'FILE', authorKind: 'AGENT', text: 'a.png' });

    const agent = await t.agentSocket(admin);
    agent.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    const page = await agent.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    const replayed: ChatMessage | undefined = page.messages.find((m) => m.seq === ack.seq);
    expect(replayed?.attachment?.url).toMatch(/\/api\/files\//);
    expect((await fetch(replayed?.attachment?.url ?? '')).status).toBe(200);
    // Text messages carry no attachment.
    expect(page.messages.find((m) => m.kind === 'TEXT')?.attachment ?? null).toBeNull();
    await visitorSays(visitor, 'thanks');
    await agent.close();
    await visitor.close();
  });
});
