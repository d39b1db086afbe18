import { createHmac, timingSafeEqual } from 'node:crypto';

/** The X-Signature header: `sha256=` + hex HMAC-SHA256 of the raw body with the webhook's secret. */
export function signatureOf(rawBody: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** What a receiver does (and tests do): recompute over the raw bytes, compare in constant time. */
export function verifySignature(rawBody: string, secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signatureOf(rawBody, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
