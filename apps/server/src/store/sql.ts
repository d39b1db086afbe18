/**
 * What the conversation store needs from a database: parameterized SQL with `?` placeholders, one
 * dialect written so that SQLite and PostgreSQL both run it (camelCase columns are quoted for
 * PostgreSQL by its driver; see postgres-sql.ts). Rows come back as plain objects with numbers for
 * integers and ISO-8601 text for times, whichever the provider, and are parsed by the caller.
 *
 * Written here rather than taken from a library because the store's hot path needs exactly this and
 * nothing more: prepared statements reused across calls, batched transactions with a savepoint per
 * job (tx-queue.ts), and the same SQL on both providers.
 */
export type SqlArg = string | number | null;

/** A transaction: reads see its own writes. */
export interface Sql {
  /** The first row, or undefined. */
  get(sql: string, args?: readonly SqlArg[]): Promise<unknown>;
  all(sql: string, args?: readonly SqlArg[]): Promise<unknown[]>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, args?: readonly SqlArg[]): Promise<number>;
}

/**
 * Reads of committed data (never a transaction's uncommitted rows), and the transactions the TxQueue
 * runs its batches in. Writes happen only inside a transaction.
 */
export interface SqlDatabase {
  readonly provider: 'sqlite' | 'postgres';
  /** The first row, or undefined. */
  get(sql: string, args?: readonly SqlArg[]): Promise<unknown>;
  all(sql: string, args?: readonly SqlArg[]): Promise<unknown[]>;
  /**
   * Runs `body` in one transaction on one connection and commits, or rolls back when it throws.
   * `savepoint` wraps one job of the batch so that a failed job undoes only itself.
   */
  transaction<T>(body: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface SqlTransaction extends Sql {
  /** The provider's spelling of a row lock on a SELECT (PostgreSQL: FOR UPDATE; SQLite: none needed). */
  readonly forUpdate: string;
  /** Runs `job` inside a savepoint: released when it resolves, rolled back to when it throws. */
  savepoint<T>(job: () => Promise<T>): Promise<T>;
}

/**
 * A transient conflict between concurrent transactions on PostgreSQL (deadlock, serialization
 * failure, or a unique key another transaction just took): the job that hit it may simply run again.
 */
export function isRetryableConflict(error: unknown): boolean {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return code === '40P01' || code === '40001' || code === '23505';
}
