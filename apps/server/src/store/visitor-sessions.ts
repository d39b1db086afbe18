import type { ConversationStore } from './conversation-store.js';
import { SessionExpiryRow } from './rows.js';
import { fromSqlTime } from './sql-time.js';

/**
 * Ids per query. Always this many placeholders (padded with NULL, which matches no id), so the
 * statement is prepared once per connection however many sockets a heartbeat slice asks for.
 */
export const SESSION_IDS_PER_QUERY = 50;
const SQL = `SELECT ${SessionExpiryRow.columns} FROM "VisitorSession" WHERE id IN (${Array(SESSION_IDS_PER_QUERY).fill('?').join(', ')})`;

/**
 * When each of these visitor sessions expires (ms); a deleted one is absent. A plain read through the
 * store's SQL rather than Prisma: on SQLite every Prisma query takes the WriteLock that the message
 * batches wait for, and 10,000 idle visitors make ~10 of these reads a second (issue 7).
 */
export async function sessionExpiries(
  store: ConversationStore,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const expiries = new Map<string, number>();
  for (let i = 0; i < ids.length; i += SESSION_IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + SESSION_IDS_PER_QUERY);
    const args = [...chunk, ...Array<null>(SESSION_IDS_PER_QUERY - chunk.length).fill(null)];
    for (const raw of await store.sql.all(SQL, args)) {
      const row = SessionExpiryRow.parse(raw);
      expiries.set(row.id, fromSqlTime(row.expiresAt));
    }
  }
  return expiries;
}
