import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteLock } from '../db/write-lock.js';
import { TxQueue } from './tx-queue.js';

let db: Database.Database;
let lock: WriteLock;
let queue: TxQueue;

beforeEach(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE item (name TEXT PRIMARY KEY)');
  lock = new WriteLock();
  queue = new TxQueue(db, lock);
});
afterEach(() => {
  db.close();
});

const insert = (name: string) => () => {
  db.prepare('INSERT INTO item (name) VALUES (?)').run(name);
  return name;
};
const names = () =>
  db
    .prepare('SELECT name FROM item ORDER BY name')
    .pluck()
    .all()
    .map((n) => String(n));

describe('TxQueue', () => {
  it('runs the jobs of one turn in one transaction; a job that throws undoes only itself', async () => {
    const jobs = [
      queue.run(insert('a')),
      queue.run(() => {
        insert('b')(); // written, then undone by the throw
        throw new Error('lost the race');
      }),
      queue.run(insert('c')),
      queue.run(insert('a')), // a constraint failure inside SQLite, not a JS throw
      queue.run(() => {
        // Every job of the batch sees the earlier ones: they share the transaction.
        expect(db.inTransaction).toBe(true);
        return names();
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
    expect(settled[3]).toMatchObject({
      status: 'rejected',
      reason: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' },
    });
    expect(settled[4]).toEqual({ status: 'fulfilled', value: ['a', 'c'] });
    expect(names()).toEqual(['a', 'c']);
    expect(db.inTransaction).toBe(false);
  });

  it('resolves and rejects jobs in submission order', async () => {
    const order: number[] = [];
    const jobs = Array.from({ length: 10 }, (_, i) =>
      queue
        .run(() => {
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
    db.pragma('foreign_keys = ON');
    db.exec(`CREATE TABLE child (name TEXT REFERENCES item (name) DEFERRABLE INITIALLY DEFERRED)`);
    const jobs = [
      queue.run(insert('fine')),
      queue.run(() => db.prepare('INSERT INTO child (name) VALUES (?)').run('orphan').changes),
    ];
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(names()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    // The queue goes on working after a failed batch.
    await expect(queue.run(insert('next'))).resolves.toBe('next');
    expect(names()).toEqual(['next']);
  });

  it('waits for a held WriteLock (a Prisma transaction) before it writes', async () => {
    const release = await lock.acquire();
    const done = queue.run(insert('after-lock'));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(names()).toEqual([]);
    release();
    await done;
    expect(names()).toEqual(['after-lock']);
  });

  it('close() lets queued jobs finish and refuses new ones', async () => {
    const queued = queue.run(insert('last'));
    await queue.close();
    await expect(queued).resolves.toBe('last');
    await expect(queue.run(insert('too-late'))).rejects.toThrow('store is closed');
    expect(names()).toEqual(['last']);
  });
});
