/*
 * Rows read with raw SQL are parsed, never cast: the database is outside the type system. The store
 * parses them with this reader rather than zod because of what the bench measured on the message hot
 * path (issue 7, docs/performance.md): zod allocates a payload object and an issues array for every
 * field it checks, and the few wide rows a message reads made zod the largest allocator of the whole
 * server, 21 % of every byte allocated at half of the peak rate, which is young-generation garbage
 * collection the event loop pauses for. The checks here are the same (type, null, enum values) and
 * allocate nothing but the row itself.
 */

/** A column's type: text, integer or real, nullable with `?`, or one of an enum's values. */
export type ColumnKind =
  'string' | 'string?' | 'number' | 'number?' | { readonly options: readonly string[] };

type ValueOf<K extends ColumnKind> = K extends 'string'
  ? string
  : K extends 'string?'
    ? string | null
    : K extends 'number'
      ? number
      : K extends 'number?'
        ? number | null
        : K extends { readonly options: readonly (infer E)[] }
          ? E
          : never;

export type RowOf<S extends Record<string, ColumnKind>> = { -readonly [P in keyof S]: ValueOf<S[P]> };

export type RowReader<S extends Record<string, ColumnKind>> = {
  /** The row, or an error naming the table's column and what it held. */
  parse(raw: unknown): RowOf<S>;
  /** The columns, quoted and comma-separated, for a SELECT of exactly this row. */
  readonly columns: string;
  readonly shape: S;
};

export function rowReader<S extends Record<string, ColumnKind>>(table: string, shape: S): RowReader<S> {
  const keys = Object.keys(shape);
  const kinds = keys.map((k) => shape[k] as ColumnKind);
  return {
    shape,
    columns: keys.map((k) => `"${k}"`).join(', '),
    parse(raw: unknown): RowOf<S> {
      if (typeof raw !== 'object' || raw === null) throw new RowError(table, '(row)', raw);
      const row: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const value: unknown = Reflect.get(raw, key);
        if (!fits(kinds[i] as ColumnKind, value)) throw new RowError(table, key, value);
        row[key] = value;
      }
      // Every key of the shape was checked against its kind just above.
      return row as RowOf<S>;
    },
  };
}

function fits(kind: ColumnKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'string?':
      return value === null || typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'number?':
      return value === null || typeof value === 'number';
    default:
      return typeof value === 'string' && kind.options.includes(value);
  }
}

export class RowError extends Error {
  constructor(table: string, column: string, value: unknown) {
    super(`${table}.${column}: unexpected value ${JSON.stringify(value) ?? String(value)} in the database`);
    this.name = 'RowError';
  }
}
