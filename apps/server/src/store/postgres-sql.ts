import pg from 'pg';
import type { Sql, SqlArg, SqlDatabase, SqlTransaction } from './sql.js';

/*
 * Rows as the store's row schemas expect them on both providers: counts (int8) as numbers, times as
 * ISO-8601 text. Prisma writes DateTime as timestamp(3) WITHOUT time zone holding UTC, so the text
 * PostgreSQL returns is UTC and gets a "Z".
 */
const INT8 = 20;
const NUMERIC = 1700;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const parsers = new Map<number, (value: string) => unknown>([
  [INT8, Number],
  [NUMERIC, Number],
  [TIMESTAMP, (v) => `${v.replace(' ', 'T')}Z`],
  [TIMESTAMPTZ, (v) => new Date(v).toISOString()],
]);
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    const own = parsers.get(oid);
    if (own) return own;
    const builtin: unknown = pg.types.getTypeParser(oid, format);
    return builtin;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The store's SQL, written once for both providers, in PostgreSQL's spelling: `?` placeholders become
 * $1..$n, and camelCase column names (unquoted in the store's SQL, where SQLite accepts them as they
 * are) are quoted so PostgreSQL does not fold them to lower case. Table names are always quoted in
 * the store's SQL; keywords are upper case and string literals never hold a `?` or camelCase word.
 */
export function toPostgres(sql: string): string {
  let n = 0;
  return sql.replace(/(?<!["\w])([a-z]+[A-Z]\w*)(?!["\w])/g, '"$1"').replace(/\?/g, () => `$${++n}`);
}

/** Named statements: PostgreSQL parses and plans each SQL text once per connection. */
class Statements {
  private readonly names = new Map<string, { name: string; text: string }>();
  of(sql: string): { name: string; text: string } {
    let s = this.names.get(sql);
    if (!s) {
      s = { name: `lc${this.names.size}`, text: toPostgres(sql) };
      this.names.set(sql, s);
    }
    return s;
  }
}

function queries(statements: Statements, client: pg.Pool | pg.PoolClient): Sql {
  const query = (sql: string, args: readonly SqlArg[] = []) => {
    const s = statements.of(sql);
    return client.query({ name: s.name, text: s.text, values: [...args], types });
  };
  return {
    get: async (sql, args) => (await query(sql, args)).rows[0] as unknown,
    all: async (sql, args) => (await query(sql, args)).rows as unknown[],
    run: async (sql, args) => (await query(sql, args)).rowCount ?? 0,
  };
}

/**
 * A node-postgres pool on the schema named in `url`, for the store and for Prisma alike. A database
 * that does not answer fails a write within seconds (an error frame, never an ack) rather than
 * holding the sender forever; a connection that drops emits 'error' on its client, idle or checked
 * out, and without a listener that would end the process: the query that used it fails instead,
 * and the next one gets a new connection.
 */
export function newPgPool(url: string, max: number): pg.Pool {
  const { connectionString, schema } = postgresTarget(url);
  const pool = new pg.Pool({
    connectionString,
    max,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: 5000,
  });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Splits the `schema` parameter Prisma understands off a PostgreSQL URL. */
export function postgresTarget(url: string): { connectionString: string; schema: string } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!/^\w+$/.test(schema)) throw new Error(`DATABASE_URL: schema "${schema}" must be letters, digits, _`);
  return { connectionString: u.toString(), schema };
}

/**
 * PostgreSQL through node-postgres: reads on the pool, each batch transaction on one client. Several
 * processes write at once here, so sequencing relies on row locks (`forUpdate`) and the conditional
 * updates of the store, and a job that loses a deadlock is retried by the TxQueue.
 */
export class PostgresSql implements SqlDatabase {
  readonly provider = 'postgres';
  private readonly statements = new Statements();
  private readonly reads: Sql;

  constructor(private readonly pool: pg.Pool) {
    this.reads = queries(this.statements, pool);
  }

  static create(url: string, max = 10): PostgresSql {
    return new PostgresSql(newPgPool(url, max));
  }

  get(sql: string, args?: readonly SqlArg[]): Promise<unknown> {
    return this.reads.get(sql, args);
  }

  all(sql: string, args?: readonly SqlArg[]): Promise<unknown[]> {
    return this.reads.all(sql, args);
  }

  async transaction<T>(body: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const sql = queries(this.statements, client);
      const savepoint = async <R>(job: () => Promise<R>): Promise<R> => {
        await client.query('SAVEPOINT job');
        try {
          const result = await job();
          await client.query('RELEASE SAVEPOINT job');
          return result;
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT job');
          await client.query('RELEASE SAVEPOINT job');
          throw error;
        }
      };
      const result = await body({ ...sql, forUpdate: ' FOR UPDATE', savepoint });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
