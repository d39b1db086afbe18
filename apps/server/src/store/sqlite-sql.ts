import type Database from 'better-sqlite3';
import type { WriteLock } from '../db/write-lock.js';
import type { Sql, SqlArg, SqlDatabase, SqlTransaction } from './sql.js';

type Statement = Database.Statement<unknown[], unknown>;

/** Prepares each SQL text once per connection (better-sqlite3 statements are reusable). */
class StatementCache {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly db: Database.Database) {}

  get(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], unknown>(sql).safeIntegers(false);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

function syncSql(cache: StatementCache): Sql {
  return {
    get: (sql, args = []) => Promise.resolve(cache.get(sql).get(...(args as SqlArg[]))),
    all: (sql, args = []) => Promise.resolve(cache.get(sql).all(...(args as SqlArg[]))),
    run: (sql, args = []) => Promise.resolve(cache.get(sql).run(...(args as SqlArg[])).changes),
  };
}

/**
 * SQLite through better-sqlite3: transactions on the writer (the connection Prisma uses, under the
 * process's WriteLock so that no Prisma query lands inside a batch), reads on a second connection,
 * so a read never sees a batch's uncommitted rows (WAL: each read statement sees the last commit).
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
  }

  get(sql: string, args?: readonly SqlArg[]): Promise<unknown> {
    return this.reads.get(sql, args);
  }

  all(sql: string, args?: readonly SqlArg[]): Promise<unknown[]> {
    return this.reads.all(sql, args);
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

  close(): Promise<void> {
    if (this.reader !== this.writer && this.reader.open) this.reader.close();
    return Promise.resolve();
  }
}
