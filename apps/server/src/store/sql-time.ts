/*
 * Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit "+00:00" offset; rows the
 * hot path writes itself must use the same form so that Prisma reads them back.
 */
export function toSqlTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

export function fromSqlTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`unreadable time in the database: ${value}`);
  return ms;
}

export function fromSqlTimeOrNull(value: string | null): number | null {
  return value === null ? null : fromSqlTime(value);
}
