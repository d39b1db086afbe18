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
    // The first message reached its own socket in the replay of the conversation it started (and
    // only there: exactly once); the second one reaches it live, as it does the visitor's other tabs.
    const second = cid();
    visitor.send({ type: 'message.send', clientMsgId: second, text: 'and me' });
    await visitor.next((f) => f.type === 'message' && f.message.clientMsgId === second);
    const res = await fetch(`${t.base}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(/livechat_connections\{kind="visitor"\} 1/);
    expect(text).toMatch(/livechat_messages_total\{kind="TEXT"\} 2/);
    expect(text).toMatch(/livechat_queue_length 1/);
    expect(text).toMatch(/livechat_commit_seconds_count \d+/);
    // The live message's latency was measured.
    expect(Number(/livechat_delivery_seconds_count (\d+)/.exec(text)?.[1] ?? 0)).toBeGreaterThan(0);
    // SQLite's WAL start overs are counted (its checkpointer runs beside a file database only).
    if (t.app.db.provider === 'sqlite')
      expect(text).toMatch(/livechat_sqlite_wal_restarts\{kind="held_up"\} 0/);
    else expect(text).not.toMatch(/livechat_sqlite_wal_restarts\{/);
    // Process metrics, without those that walk every handle at each scrape.
    expect(text).toMatch(/livechat_process_resident_memory_bytes \d+/);
    expect(text).not.toMatch(/livechat_nodejs_active_(handles|requests|resources)/);
    await visitor.close();
  });

  it('is ready while the database answers', async () => {
    expect((await t.api('GET', '/readyz')).status).toBe(200);
  });
});
