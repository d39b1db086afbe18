import type { AckFrame, ErrorFrame } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminTestServer, type AdminTestServer } from '../test-support/admin-helpers.js';
import { cid } from '../test-support/test-server.js';

// What an admin changes reaches the sockets already open, not only the next connection.
let t: AdminTestServer;
beforeAll(async () => {
  t = await startAdminTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('changes to accounts reach open sockets', () => {
  it("an agent moved out of a department: the open console reconnects and loses that department's chats", async () => {
    const visitor = await t.visitor();
    visitor.send({ type: 'message.send', clientMsgId: cid(), text: 'hello' });
    const { conversationId } = await visitor.next<AckFrame>((f) => f.type === 'ack');
    const console = await t.agentSocket(t.agent.cookie);
    console.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    await console.next((f) => f.type === 'replay.page');

    const other = await t.asAdmin('POST', '/api/admin/departments', { name: 'Elsewhere' });
    expect(other.status).toBe(201);
    const moved = await t.asAdmin('PATCH', `/api/admin/agents/${t.agent.agent.id}`, {
      departmentIds: [(other.json as { id: string }).id],
    });
    expect(moved.status).toBe(200);

    await console.next((f) => f.type === 'reconnect');
    await console.next(() => false, 2000).catch(() => undefined);
    expect(console.closed?.code).toBe(1012);
    // The console's next connection reads the agent afresh.
    const again = await t.agentSocket(t.agent.cookie);
    again.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    const refused = await again.next<ErrorFrame>((f) => f.type === 'error');
    expect(refused.code).toBe('forbidden');
    await again.close();
    await visitor.close();
  });

  it("a blocked visitor's open tab is closed at once", async () => {
    const visitor = await t.visitor();
    visitor.send({ type: 'message.send', clientMsgId: cid(), text: 'spam' });
    await visitor.next((f) => f.type === 'ack');
    const session = await t.app.db.prisma.visitorSession.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    const blocked = await t.asAdmin('PATCH', `/api/admin/visitors/${session.visitorId}`, { blocked: true });
    expect(blocked.status).toBe(200);
    const error = await visitor.next<ErrorFrame>((f) => f.type === 'error');
    expect(error.code).toBe('forbidden');
    await visitor.next(() => false, 2000).catch(() => undefined);
    expect(visitor.closed?.code).toBe(4403);
  });
});
