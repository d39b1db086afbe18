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
  const expected = createHmac('sha256', secret).update(userId).digest();
  const given = Buffer.from(hash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
