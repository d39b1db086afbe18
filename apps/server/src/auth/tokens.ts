import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random bearer token (session cookie, visitor token). Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** HMAC-SHA256(userId, secret) as hex, compared in constant time (identity verification). */
export function verifyIdentityHash(userId: string, hash: string, secret: string): boolean {
  // Exactly 64 hex digits: Buffer.from(x, 'hex') stops at the first non-hex character, so it alone
  // would also take the valid hash followed by anything.
  if (!/^[0-9a-f]{64}$/i.test(hash)) return false;
  const expected = createHmac('sha256', secret).update(userId).digest();
  const given = Buffer.from(hash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
