import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a file URL works. Clients get fresh ones by replaying. */
export const FILE_URL_TTL_MS = 24 * 3_600_000;
/**
 * Expiries are rounded up to the hour so that the same file gets the same URL for an hour: browsers
 * cache the image instead of downloading it again on every replay.
 */
const ROUND_MS = 3_600_000;

/** Signed, expiring file URLs: HMAC-SHA256 of `<id>.<expiry>` with a server secret. */
export class FileUrlSigner {
  constructor(
    private readonly secret: string,
    private readonly publicUrl: string,
  ) {}

  sign(id: string, now = Date.now()): { url: string; expiresAt: number } {
    const expiresAt = Math.ceil((now + FILE_URL_TTL_MS) / ROUND_MS) * ROUND_MS;
    const sig = this.mac(id, expiresAt).toString('base64url');
    return {
      url: `${this.publicUrl}/api/files/${encodeURIComponent(id)}?exp=${expiresAt}&sig=${sig}`,
      expiresAt,
    };
  }

  /** True when `sig` is this server's signature of (id, exp) and exp has not passed. Constant time. */
  verify(id: string, exp: number, sig: string, now = Date.now()): boolean {
    if (!Number.isSafeInteger(exp) || exp <= now) return false;
    const expected = this.mac(id, exp);
    const given = Buffer.from(sig, 'base64url');
    // Only the one spelling sign() makes: decoding skips characters outside the alphabet and the
    // unused low bits of the last one, so other strings decode to the same bytes. (Comparing the
    // caller's own string with its re-encoding reveals nothing about the expected MAC.)
    if (given.toString('base64url') !== sig) return false;
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(id: string, exp: number): Buffer {
    return createHmac('sha256', this.secret).update(`${id}.${exp}`).digest();
  }
}
