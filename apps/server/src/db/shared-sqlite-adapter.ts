import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import type { WriteLock } from './write-lock.js';

/**
 * Wraps Prisma's better-sqlite3 adapter so that
 * - the message hot path can use the very connection Prisma uses (DESIGN.md: raw SQL on the same
 *   connection), exposed through `onConnect`;
 * - everything Prisma runs holds the process's WriteLock: its transactions for their whole length,
 *   its single queries for their own. The store's batch transactions (sqlite-sql.ts) take the same
 *   lock, so no Prisma query ever lands inside a batch (where a job's rollback would undo it) and no
 *   batch begins inside a Prisma transaction.
 */
export class SharedSqliteAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = 'sqlite';
  readonly adapterName: string;
  private readonly inner: PrismaBetterSqlite3;

  constructor(
    url: string,
    private readonly lock: WriteLock,
    private readonly onConnect: (db: Database.Database) => void,
  ) {
    this.inner = new PrismaBetterSqlite3({ url });
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.inner.connect();
    const client: unknown = Reflect.get(adapter, 'client');
    if (!(client instanceof Database))
      throw new Error('adapter-better-sqlite3 no longer exposes its connection');
    this.onConnect(client);
    const lock = this.lock;
    return {
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      queryRaw: (q) => lock.run(() => adapter.queryRaw(q)),
      executeRaw: (q) => lock.run(() => adapter.executeRaw(q)),
      executeScript: (s) => lock.run(() => adapter.executeScript(s)),
      dispose: () => adapter.dispose(),
      async startTransaction(isolationLevel): Promise<Transaction> {
        const release = await lock.acquire();
        try {
          const tx = await adapter.startTransaction(isolationLevel);
          return {
            provider: tx.provider,
            adapterName: tx.adapterName,
            options: tx.options,
            queryRaw: (q) => tx.queryRaw(q),
            executeRaw: (q) => tx.executeRaw(q),
            createSavepoint: tx.createSavepoint?.bind(tx),
            rollbackToSavepoint: tx.rollbackToSavepoint?.bind(tx),
            releaseSavepoint: tx.releaseSavepoint?.bind(tx),
            commit: () => tx.commit().finally(release),
            rollback: () => tx.rollback().finally(release),
          };
        } catch (error) {
          release();
          throw error;
        }
      },
    };
  }
}
