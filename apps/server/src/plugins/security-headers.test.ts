import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../env.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// Issue 6: HTML rendered inert, with security headers. The console gets a strict CSP; the widget's
// loader and panel stay embeddable by customers' pages; HSTS only behind https.

/** A CSP header as a map of directive -> sources. */
function directives(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('the console and the API', () => {
  it('the console page gets a strict CSP: own scripts and styles only, no framing, no plugins', async () => {
    const res = await fetch(`${t.base}/`);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // The agent socket on the console's own host, and nothing else to connect to.
    expect(csp.get('connect-src')).toEqual(["'self'", `ws://localhost:${t.port}`]);
    // Nothing anywhere allows inline or evaluated code.
    const all = [...csp.values()].flat();
    expect(all).not.toContain("'unsafe-inline'");
    expect(all).not.toContain("'unsafe-eval'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
    // Over plain http (localhost) HSTS would be ignored at best and sticky at worst.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('API answers, errors included, carry the same headers', async () => {
    for (const res of [
      await fetch(`${t.base}/api/auth/me`),
      await fetch(`${t.base}/api/no-such-route`),
      await fetch(`${t.base}/healthz`),
    ]) {
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  // The policy above allows no inline script or style: the built page must not need one.
  it.skipIf(!existsSync(join(repoRoot, 'apps/console/dist/index.html')))(
    'the built console index.html has no inline script, style or event handler',
    () => {
      const html = readFileSync(join(repoRoot, 'apps/console/dist/index.html'), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/\bsrc="\/assets\//);
        expect(body?.trim()).toBe('');
      }
      expect(html).not.toMatch(/<style\b/i);
      expect(html).not.toMatch(/\sstyle=/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
    },
  );
});

describe('the widget', () => {
  it('its loader is loadable by any page: no framing or opener rules, cross-origin resource policy', async () => {
    const res = await fetch(`${t.base}/widget.js`, { headers: { origin: 'https://shop.example' } });
    // 200 when the widget is built, 503 with a hint when not: the headers are the same.
    expect([200, 503]).toContain(res.status);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('cross-origin-opener-policy')).toBeNull();
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('its panel is not denied framing by the console policy', async () => {
    const res = await fetch(`${t.base}/widget/index.html?siteKey=${t.site.key}`);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('content-security-policy') ?? '').not.toContain("frame-ancestors 'none'");
  });

  it('the CORS answers the loader relies on are unchanged', async () => {
    const res = await fetch(`${t.base}/api/widget/config?siteKey=${t.site.key}`, {
      headers: { origin: t.origin },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(t.origin);
  });

  it('/demo, a stand-in for a customer page with inline styles, gets no console CSP', async () => {
    const res = await fetch(`${t.base}/demo`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('behind https', () => {
  it('sends Strict-Transport-Security and a wss: connect-src', async () => {
    const secure = await startTestServer({ PUBLIC_URL: 'https://chat.example.com' });
    try {
      const res = await fetch(`${secure.base}/`);
      expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
      expect(directives(res.headers.get('content-security-policy')).get('connect-src')).toEqual([
        "'self'",
        'wss://chat.example.com',
      ]);
    } finally {
      await secure.stop();
    }
  });
});
