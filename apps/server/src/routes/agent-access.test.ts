import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type AgentServerFrame, type ErrorFrame } from '@livechat/protocol';
import { claim, conversationRow, roundTrip, startConversation } from '../test-support/conversations.js';
import { cid, startTestServer, WsClient, type TestServer } from '../test-support/test-server.js';

// DESIGN.md "Auth and origins": agents need the session cookie and the console's exact Origin; access
// to conversations is by department.

let t: TestServer;
let agentUrl: string;
beforeAll(async () => {
  t = await startTestServer();
  agentUrl = `ws://127.0.0.1:${t.port}/ws/agent`;
});
afterAll(async () => {
  await t.stop();
});

describe('the agent socket upgrade', () => {
  it('is refused without a session cookie (401)', async () => {
    await expect(WsClient.open<AgentServerFrame>(agentUrl, { origin: t.origin })).rejects.toThrow(
      'upgrade refused: 401',
    );
  });

  it('is refused with a valid cookie from another Origin (403)', async () => {
    const cookie = await t.login();
    await expect(
      WsClient.open<AgentServerFrame>(agentUrl, { origin: 'https://evil.example.com', cookie }),
    ).rejects.toThrow('upgrade refused: 403');
    await expect(WsClient.open<AgentServerFrame>(agentUrl, { cookie })).rejects.toThrow(
      'upgrade refused: 403',
    );
    // The same cookie from the console's origin is accepted: the refusals above were about Origin.
    const ok = await t.agentSocket(cookie);
    await ok.close();
  });
});

describe('agent REST', () => {
  it('refuses a state-changing request from another Origin, changing nothing', async () => {
    const cookie = await t.login();
    const { visitor, conversationId } = await startConversation(t);
    for (const origin of ['https://evil.example.com', null]) {
      const res = await t.api('POST', `/api/conversations/${conversationId}/claim`, { cookie, origin });
      expect(res.status).toBe(403);
      expect(ApiError.parse(res.json).error.code).toBe('forbidden');
    }
    expect(await conversationRow(t, conversationId)).toMatchObject({ status: 'QUEUED', assigneeId: null });
    await visitor.close();
  });

  it('answers 401 to a list request without a session cookie', async () => {
    const res = await t.api('GET', '/api/conversations?view=queue');
    expect(res.status).toBe(401);
    expect(ApiError.parse(res.json).error.code).toBe('unauthorized');
  });
});

describe('an agent of another department', () => {
  it('gets 403 on claim, detail and watch of a conversation outside their departments', async () => {
    const sales = await t.app.db.prisma.department.create({ data: { name: 'Sales' } });
    const sam = await t.createAgent('Sam Sales', { departmentId: sales.id });
    const { visitor, conversationId } = await startConversation(t); // in the default department

    const claimed = await claim(t, sam.cookie, conversationId);
    expect([claimed.status, claimed.error?.code]).toEqual([403, 'forbidden']);
    const detail = await t.api('GET', `/api/conversations/${conversationId}`, { cookie: sam.cookie });
    expect(detail.status).toBe(403);
    expect(ApiError.parse(detail.json).error.code).toBe('forbidden');
    const queue = await t.api('GET', '/api/conversations?view=queue', { cookie: sam.cookie });
    expect(queue.status).toBe(200);
    expect(JSON.stringify(queue.json)).not.toContain(conversationId);

    const socket = await t.agentSocket(sam.cookie);
    for (const frame of [
      { type: 'conversation.watch', conversationId, afterSeq: 0 },
      { type: 'replay', conversationId, afterSeq: 0 },
      { type: 'history', conversationId, beforeSeq: 5 },
      { type: 'message.send', conversationId, clientMsgId: cid(), text: 'psst', note: true },
    ]) {
      socket.send(frame);
      const error = await socket.next<ErrorFrame>((f) => f.type === 'error');
      expect([frame.type, error.code]).toEqual([frame.type, 'forbidden']);
    }
    await roundTrip(socket);
    expect(socket.all((f) => f.type === 'replay.page' || f.type === 'history.page')).toEqual([]);
    expect(await conversationRow(t, conversationId)).toMatchObject({
      status: 'QUEUED',
      assigneeId: null,
      lastSeq: 1,
    });
    expect(await t.app.db.prisma.agent.findUniqueOrThrow({ where: { id: sam.agent.id } })).toMatchObject({
      activeChats: 0,
    });
    await Promise.all([socket.close(), visitor.close()]);
  });
});
