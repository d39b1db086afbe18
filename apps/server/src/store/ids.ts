import { randomFillSync } from 'node:crypto';

const ID_RANDOM_BYTES = 9;
/**
 * Random bytes for 1,024 ids, filled at once: one `randomBytes` call per id was 3-4 % of the server's
 * CPU in the bench (issue 7), nearly all of it the call itself rather than the entropy.
 */
const pool = Buffer.alloc(ID_RANDOM_BYTES * 1024);
let offset = pool.length;

/** Sortable-ish unique ids for rows the hot path inserts itself (Prisma makes cuids for the rest). */
export function newId(): string {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.toString('base64url', offset, offset + ID_RANDOM_BYTES);
  offset += ID_RANDOM_BYTES;
  return `${Date.now().toString(36)}${random}`;
}
