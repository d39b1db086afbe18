import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('/metrics and /readyz', () => {
  it('counts connections, committed messages and the queue', async () => {
    const visitor = await t.visitor();
    visitor.send({ type: 'message.send', clientMsgId: cid(), text: 'count me' });
    await visitor.next((f) => f.type === 'ack');
    await visitor.next((f) => f.type === 'message');
    const res = await fetch(`${t.base}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(/livechat_connections\{kind="visitor"\} 1/);
    expect(text).toMatch(/livechat_messages_total\{kind="TEXT"\} 1/);
    expect(text).toMatch(/livechat_queue_length 1/);
    expect(text).toMatch(/livechat_commit_seconds_count \d+/);
    // The visitor's own message reached its socket live as well (other tabs show it that way).
    expect(Number(/livechat_delivery_seconds_count (\d+)/.exec(text)?.[1] ?? 0)).toBeGreaterThan(0);
    // SQLite's WAL start overs are counted (its checkpointer runs beside a file database only).
    if (t.app.db.sql.provider === 'sqlite')
      expect(text).toMatch(/livechat_sqlite_wal_restarts\{kind="held_up"\} 0/);
    else expect(text).not.toMatch(/livechat_sqlite_wal_restarts\{/);
    await visitor.close();
  });

  it('is ready while the database answers', async () => {
    expect((await t.api('GET', '/readyz')).status).toBe(200);
  });
});
