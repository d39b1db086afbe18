import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileUrlSigner } from '../domain/file-urls.js';
import { signatureOf, verifySignature } from '../domain/webhooks/signature.js';
import { verifyIdentityHash } from './tokens.js';

// Issue 6: constant-time HMAC checks. Each verifier compares with crypto.timingSafeEqual, and takes
// exactly the spelling its signer makes: never a prefix, a suffix or a near miss.

/** One bit of one hex digit flipped. */
const flipHex = (hex: string, at: number) =>
  hex.slice(0, at) + (parseInt(hex[at] ?? '0', 16) ^ 1).toString(16) + hex.slice(at + 1);

describe('identity hashes (identify())', () => {
  const secret = 'site-identity-secret';
  const good = createHmac('sha256', secret).update('user-1').digest('hex');

  it('accept the HMAC of the userId, in either case of hex', () => {
    expect(verifyIdentityHash('user-1', good, secret)).toBe(true);
    expect(verifyIdentityHash('user-1', good.toUpperCase(), secret)).toBe(true);
  });

  it('refuse another user, another secret, a flipped bit, a prefix and anything appended', () => {
    expect(verifyIdentityHash('user-2', good, secret)).toBe(false);
    expect(verifyIdentityHash('user-1', good, 'other-secret')).toBe(false);
    expect(verifyIdentityHash('user-1', flipHex(good, 0), secret)).toBe(false);
    expect(verifyIdentityHash('user-1', flipHex(good, 63), secret)).toBe(false);
    expect(verifyIdentityHash('user-1', good.slice(0, 62), secret)).toBe(false);
    expect(verifyIdentityHash('user-1', '', secret)).toBe(false);
    // Hex decoding stops at the first non-hex character: these decode to the valid bytes.
    expect(verifyIdentityHash('user-1', `${good}zz`, secret)).toBe(false);
    expect(verifyIdentityHash('user-1', `${good}0`, secret)).toBe(false);
    expect(verifyIdentityHash('user-1', ` ${good}`, secret)).toBe(false);
  });
});

describe('webhook signatures', () => {
  const body = '{"id":"d1","event":"webhook.test"}';
  const header = signatureOf(body, 'whsec');

  it('verify over the exact raw body and secret only', () => {
    expect(verifySignature(body, 'whsec', header)).toBe(true);
    expect(verifySignature(`${body} `, 'whsec', header)).toBe(false);
    expect(verifySignature(body, 'other', header)).toBe(false);
    expect(verifySignature(body, 'whsec', header.toUpperCase())).toBe(false);
    expect(verifySignature(body, 'whsec', `${header}0`)).toBe(false);
    expect(verifySignature(body, 'whsec', header.slice(0, -1))).toBe(false);
    expect(verifySignature(body, 'whsec', undefined)).toBe(false);
  });
});

describe('signed file URLs', () => {
  const signer = new FileUrlSigner('x'.repeat(32), 'http://localhost');
  const now = Date.UTC(2025, 0, 1);
  const signed = new URL(signer.sign('file-1', now).url);
  const exp = Number(signed.searchParams.get('exp'));
  const sig = signed.searchParams.get('sig') ?? '';

  it('verify for the file and expiry they were made for, until it passes', () => {
    expect(verifyAt(sig)).toBe(true);
    expect(signer.verify('file-2', exp, sig, now)).toBe(false);
    expect(signer.verify('file-1', exp + 1, sig, now)).toBe(false);
    expect(signer.verify('file-1', exp, sig, exp)).toBe(false);
  });

  it('refuse every other spelling of the same bytes, and near misses', () => {
    const last = sig.at(-1) ?? 'A';
    // 43 characters carry 258 bits for 256: the last one has spellings that decode alike.
    const sibling = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
      .split('')
      .find(
        (c) =>
          c !== last && Buffer.from(sig.slice(0, -1) + c, 'base64url').equals(Buffer.from(sig, 'base64url')),
      );
    expect(sibling).toBeDefined();
    for (const variant of [
      `${sig}!`,
      `${sig}=`,
      ` ${sig}`,
      `${sig.slice(0, -1)}${sibling ?? ''}`,
      sig.slice(0, -1),
      '',
    ])
      expect([variant, verifyAt(variant)]).toEqual([variant, false]);
  });

  function verifyAt(s: string) {
    return signer.verify('file-1', exp, s, now);
  }
});

describe('the source', () => {
  it('compares every HMAC it computes with timingSafeEqual, never with === on strings', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (name === 'generated' || name === 'node_modules') continue;
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) files.push(path);
      }
    };
    walk(src);
    const withHmac = files.filter((f) => readFileSync(f, 'utf8').includes('createHmac('));
    expect(withHmac.length).toBeGreaterThanOrEqual(3);
    for (const file of withHmac) {
      const text = readFileSync(file, 'utf8');
      // A module that makes an HMAC either only signs (it has no verify) or verifies in constant time.
      if (/\bverify\w*\s*\(/.test(text))
        expect([file, text.includes('timingSafeEqual(')]).toEqual([file, true]);
    }
  });
});
