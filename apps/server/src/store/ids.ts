import { randomBytes } from 'node:crypto';

/** Sortable-ish unique ids for rows the hot path inserts itself (Prisma makes cuids for the rest). */
export function newId(): string {
  return `${Date.now().toString(36)}${randomBytes(9).toString('base64url')}`;
}
