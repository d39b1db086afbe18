import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteLock } from '../db/write-lock.js';
import { nextTurn } from '../domain/next-turn.js';
import { freshDatabaseUrl, testProvider } from '../test-support/database-url.js';
import { dropPostgresSchema } from '../db/open-database.js';
import { PostgresSql, postgresTarget } from './postgres-sql.js';
import type { SqlDatabase, SqlTransaction } from './sql.js';
import { SqliteSql } from './sqlite-sql.js';
import { TxQueue } from './tx-queue.js';

// The same behaviour on both providers: TEST_DATABASE=postgres runs this file on PostgreSQL.
let url: string;
let sql: SqlDatabase;
let queue: TxQueue;
let lock: WriteLock | null;

const TABLES = [
  'CREATE TABLE item (name TEXT PRIMARY KEY)',
  'CREATE TABLE child (name TEXT REFERENCES item (name) DEFERRABLE INITIALLY DEFERRED)',
];

beforeEach(async () => {
  url = freshDatabaseUrl();
  if (testProvider === 'postgres') {
    const { connectionString, schema } = postgresTarget(url);
    const client = new pg.Client({ connectionString });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    for (const t of TABLES)
      await client.query(
        t.replace('TABLE ', `TABLE "${schema}".`).replace('REFERENCES ', `REFERENCES "${schema}".`),
      );
    await client.end();
    sql = PostgresSql.create(url);
    lock = null;
  } else {
    const path = url.slice('file:'.length);
    const writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    writer.pragma('foreign_keys = ON');
    for (const t of TABLES) writer.exec(t);
    lock = new WriteLock();
    sql = new SqliteSql(writer, new Database(path, { readonly: true }), lock);
  }
  queue = new TxQueue(sql);
});
afterEach(async () => {
  await queue.close();
  await sql.close();
  if (testProvider === 'postgres') await dropPostgresSchema(url);
});

const insert = (name: string) => async (tx: SqlTransaction) => {
  await tx.run('INSERT INTO item (name) VALUES (?)', [name]);
  return name;
};
const names = async () =>
  (await sql.all('SELECT name FROM item ORDER BY name')).map((r) => String((r as { name: string }).name));

describe(`TxQueue on ${testProvider}`, () => {
  it('runs the jobs of one turn in one transaction; a job that throws undoes only itself', async () => {
    const jobs = [
      queue.run(insert('a')),
      queue.run(async (tx) => {
        await insert('b')(tx); // written, then undone by the throw
        throw new Error('lost the race');
      }),
      queue.run(insert('c')),
      queue.run(insert('a')), // a constraint failure inside the database, not a JS throw
      queue.run(async (tx) => {
        // Every job of the batch sees the earlier ones: they share the transaction...
        const inside = await tx.all('SELECT name FROM item ORDER BY name');
        // ...while reads outside it see only what is committed.
        return { inside: inside.length, outside: (await names()).length };
      }),
    ];
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(settled[1]).toMatchObject({ status: 'rejected', reason: new Error('lost the race') });
    expect(settled[3]).toMatchObject({ status: 'rejected' });
    expect(settled[4]).toEqual({ status: 'fulfilled', value: { inside: 2, outside: 0 } });
    expect(await names()).toEqual(['a', 'c']);
  });

  it('resolves and rejects jobs in submission order', async () => {
    const order: number[] = [];
    const jobs = Array.from({ length: 10 }, (_, i) =>
      queue
        .run(async () => {
          await Promise.resolve();
          if (i % 3 === 1) throw new Error(`job ${i}`);
          return i;
        })
        .then(
          () => order.push(i),
          () => order.push(i),
        ),
    );
    await Promise.all(jobs);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects every job of a batch whose COMMIT fails, and stores none of them', async () => {
    // A deferred foreign key is checked at COMMIT: the job itself succeeds, the commit does not.
    const jobs = [
      queue.run(insert('fine')),
      queue.run((tx) => tx.run('INSERT INTO child (name) VALUES (?)', ['orphan'])),
    ];
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(await names()).toEqual([]);
    // The queue goes on working after a failed batch.
    await expect(queue.run(insert('next'))).resolves.toBe('next');
    expect(await names()).toEqual(['next']);
  });

  it('runs again a job that lost a deadlock or a unique-key race to another process', async () => {
    let attempts = 0;
    const job = queue.run(async (tx) => {
      attempts += 1;
      await tx.run('INSERT INTO item (name) VALUES (?)', [`try-${attempts}`]);
      if (attempts < 3) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return attempts;
    });
    await expect(job).resolves.toBe(3);
    // The failed attempts were undone with their savepoints.
    expect(await names()).toEqual(['try-3']);
    const hopeless = queue.run(async () => {
      await Promise.resolve();
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    });
    await expect(hopeless).rejects.toThrow('deadlock detected');
  });

  // SQLite only: PostgreSQL's Prisma queries have connections of their own.
  if (testProvider === 'sqlite') {
    it('waits for a held WriteLock (a Prisma transaction) before it writes', async () => {
      if (!lock) throw new Error('no lock');
      const release = await lock.acquire();
      const done = queue.run(insert('after-lock'));
      await nextTurn();
      await nextTurn();
      expect(await names()).toEqual([]);
      release();
      await done;
      expect(await names()).toEqual(['after-lock']);
    });
  }

  it('reads outside a job never see a batch that has not committed, and see it once it has', async () => {
    let seenDuringBatch: string[] | null = null;
    const done = queue.run(async (tx) => {
      await tx.run('INSERT INTO item (name) VALUES (?)', ['pending']);
      // Another turn while the batch is open (the store's jobs await between statements).
      await nextTurn();
      seenDuringBatch = await names();
      return 'pending';
    });
    await done;
    expect(seenDuringBatch).toEqual([]);
    expect(await names()).toEqual(['pending']);
  });

  it('commits a backlog in batches of maxBatch, with a turn for the sockets between them', async () => {
    const small = new TxQueue(sql, 2);
    const batches: number[] = [];
    small.observe = (jobs) => batches.push(jobs);
    const order: string[] = [];
    const job = (name: string) => async (tx: SqlTransaction) => {
      // The first job queues what a socket would do next turn: it must run before the second batch.
      if (name === 'j1') setImmediate(() => order.push('another turn'));
      order.push(name);
      return insert(name)(tx);
    };
    await Promise.all(['j1', 'j2', 'j3', 'j4'].map((n) => small.run(job(n))));
    expect(batches).toEqual([2, 2]);
    // (On PostgreSQL the first batch already waits on the network; on SQLite only the yield does it.)
    const turn = order.indexOf('another turn');
    expect(turn).toBeGreaterThanOrEqual(0);
    expect(turn).toBeLessThan(order.indexOf('j3'));
    expect(order.filter((o) => o !== 'another turn')).toEqual(['j1', 'j2', 'j3', 'j4']);
    await small.close();
  });

  it('close() lets queued jobs finish and refuses new ones', async () => {
    const queued = queue.run(insert('last'));
    await queue.close();
    await expect(queued).resolves.toBe('last');
    await expect(queue.run(insert('too-late'))).rejects.toThrow('store is closed');
    expect(await names()).toEqual(['last']);
  });
});
