import type Database from 'better-sqlite3';
import type { WriteLock } from '../db/write-lock.js';
import type { Sql, SqlArg, SqlDatabase, SqlTransaction } from './sql.js';
import { WalCheckpointer } from './wal-checkpointer.js';

type Statement = Database.Statement<unknown[], unknown>;

/** A prepared statement, and for one that returns rows the names of its columns (it runs in raw mode). */
type Prepared = { stmt: Statement; columns: string[] | null };

/** Prepares each SQL text once per connection (better-sqlite3 statements are reusable). */
class StatementCache {
  private readonly statements = new Map<string, Prepared>();
  constructor(private readonly db: Database.Database) {}

  get(sql: string): Prepared {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      const stmt = this.db.prepare<unknown[], unknown>(sql).safeIntegers(false);
      const columns = stmt.reader ? stmt.columns().map((c) => c.name) : null;
      if (columns) stmt.raw(true);
      prepared = { stmt, columns };
      this.statements.set(sql, prepared);
    }
    return prepared;
  }
}

/**
 * A row as an object, built here from the raw values: better-sqlite3's own row objects cost ~5 µs
 * more for a 25-column conversation row (17 against 12 µs a lookup, measured), and the hot path
 * reads three rows per message.
 */
function rowOf(columns: string[], values: unknown): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const list = values as unknown[];
  for (let i = 0; i < columns.length; i++) row[columns[i] as string] = list[i];
  return row;
}

function syncSql(cache: StatementCache): Sql {
  return {
    get: (sql, args = []) => {
      const { stmt, columns } = cache.get(sql);
      const values = stmt.get(...(args as SqlArg[]));
      return Promise.resolve(columns && values !== undefined ? rowOf(columns, values) : values);
    },
    all: (sql, args = []) => {
      const { stmt, columns } = cache.get(sql);
      const rows = stmt.all(...(args as SqlArg[]));
      return Promise.resolve(columns ? rows.map((values) => rowOf(columns, values)) : rows);
    },
    run: (sql, args = []) => Promise.resolve(cache.get(sql).stmt.run(...(args as SqlArg[])).changes),
  };
}

/**
 * SQLite through better-sqlite3: transactions on the writer (the connection Prisma uses, under the
 * process's WriteLock so that no Prisma query lands inside a batch). Reads use the writer too while
 * nobody holds the lock, else a second connection, so a read never sees a batch's uncommitted rows
 * (WAL: each read statement on the second connection sees the last commit; see `readsNow`).
 */
export class SqliteSql implements SqlDatabase {
  readonly provider = 'sqlite';
  private readonly reads: Sql;
  private readonly writes: Sql;
  /** Transaction control, prepared once: `exec` parses its text on every call (a few % of CPU per batch). */
  private readonly control: Record<
    'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo',
    Statement
  >;
  /** WAL checkpoints off the event loop (wal-checkpointer.ts); null for an in-memory database. */
  private readonly checkpointer: WalCheckpointer | null;

  constructor(
    private readonly writer: Database.Database,
    private readonly reader: Database.Database,
    private readonly lock: WriteLock,
  ) {
    this.reads = syncSql(new StatementCache(reader));
    this.writes = syncSql(new StatementCache(writer));
    const prepare = (sql: string) => writer.prepare<unknown[], unknown>(sql);
    this.control = {
      begin: prepare('BEGIN IMMEDIATE'),
      commit: prepare('COMMIT'),
      rollback: prepare('ROLLBACK'),
      savepoint: prepare('SAVEPOINT job'),
      release: prepare('RELEASE job'),
      rollbackTo: prepare('ROLLBACK TO job'),
    };
    this.checkpointer = WalCheckpointer.start(writer, lock);
  }

  /** WAL start overs and those a reader held up, for /metrics; null when SQLite checkpoints itself. */
  walStats(): { restarts: number; heldUp: number } | null {
    const c = this.checkpointer;
    return c ? { restarts: c.restarts, heldUp: c.heldUp } : null;
  }

  get(sql: string, args?: readonly SqlArg[]): Promise<unknown> {
    return this.readsNow().get(sql, args);
  }

  all(sql: string, args?: readonly SqlArg[]): Promise<unknown[]> {
    return this.readsNow().all(sql, args);
  }

  /**
   * Between transactions the writer sees exactly what the reader would (the last commit), and its
   * page cache is warm: a WAL reader's cache is dropped at every commit another connection makes,
   * so in the bench the summary read after each commit cost ~10 % of the CPU on the reader (issue
   * 7). The reader serves reads only while a batch or a Prisma query holds the writer.
   */
  private readsNow(): Sql {
    return this.lock.idle && !this.writer.inTransaction ? this.writes : this.reads;
  }

  async transaction<T>(body: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const release = await this.lock.acquire();
    try {
      this.control.begin.run();
      try {
        const result = await body({ ...this.writes, forUpdate: '', savepoint: (job) => this.savepoint(job) });
        this.control.commit.run();
        return result;
      } catch (error) {
        if (this.writer.inTransaction) this.control.rollback.run();
        throw error;
      }
    } finally {
      release();
    }
  }

  private async savepoint<T>(job: () => Promise<T>): Promise<T> {
    this.control.savepoint.run();
    try {
      const result = await job();
      this.control.release.run();
      return result;
    } catch (error) {
      this.control.rollbackTo.run();
      this.control.release.run();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.reader !== this.writer && this.reader.open) this.reader.close();
  }
}
