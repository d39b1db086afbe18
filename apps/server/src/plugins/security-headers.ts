import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The console's Content-Security-Policy. The built index.html has no inline script or style (Vite
 * emits files), so scripts and style sheets come only from our origin. React's `style={...}` props
 * go through the CSSOM, which CSP does not govern, so no 'unsafe-inline' is needed for them.
 * - img-src: the favicon and CSS icons are data: URLs; avatars and site logos may be any https URL an
 *   admin typed (profile and site forms accept them); attachments are ours.
 * - connect-src: REST on our origin and the agent WebSocket on the same host (ws: or wss:), named
 *   explicitly because older browsers do not let 'self' match a WebSocket URL.
 */
export function consoleCsp(publicOrigin: string): string {
  const socketOrigin = publicOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${socketOrigin}`,
    "media-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Powerful features none of our pages use: a script injected into one still cannot reach them. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/** Only when PUBLIC_URL is https (a browser ignores it over http, and localhost must stay usable). */
export const HSTS = 'max-age=15552000';

/**
 * Which kind of response this is, by path:
 * - widget: the loader (/widget.js, loaded by customers' pages as a cross-origin no-cors script) and
 *   the panel under /widget/, framed by customers' pages. static-assets.ts sets the panel's CSP
 *   (frame-ancestors of the site's allowed origins); they must be embeddable, so no DENY, no COOP.
 * - docs: Swagger UI ships its own inline bootstrap; it is same-origin tooling, not the console.
 * - demo: a stand-in for a customer's page (inline styles, the embed snippet), so it is left the
 *   kind of policy a customer's page would have: none of ours.
 * - app: the console, its assets and the API.
 */
function kindOf(path: string): 'widget' | 'docs' | 'demo' | 'app' {
  if (path === '/widget.js' || path.startsWith('/widget/')) return 'widget';
  if (path === '/docs' || path.startsWith('/docs/')) return 'docs';
  if (path === '/demo') return 'demo';
  return 'app';
}

/**
 * Security headers on every response (DESIGN.md "Auth and origins": set per route). A route that
 * sets its own Content-Security-Policy or Cross-Origin-Resource-Policy (file downloads: a sandbox
 * CSP and same-site) keeps it.
 */
export default fp(
  async (app) => {
    const csp = consoleCsp(app.env.publicOrigin);
    const https = app.env.publicUrl.startsWith('https:');
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
      const kind = kindOf(request.url.split('?')[0] ?? '');
      void reply
        .header('X-Content-Type-Options', 'nosniff')
        .header('Referrer-Policy', 'strict-origin-when-cross-origin')
        .header('Permissions-Policy', PERMISSIONS_POLICY);
      if (https) void reply.header('Strict-Transport-Security', HSTS);
      if (!reply.hasHeader('Cross-Origin-Resource-Policy'))
        void reply.header('Cross-Origin-Resource-Policy', kind === 'widget' ? 'cross-origin' : 'same-origin');
      if (kind === 'widget') return payload;
      if (kind !== 'docs') void reply.header('X-Frame-Options', 'DENY');
      if (kind !== 'app') return payload;
      void reply.header('Cross-Origin-Opener-Policy', 'same-origin');
      if (!reply.hasHeader('Content-Security-Policy')) void reply.header('Content-Security-Policy', csp);
      return payload;
    });
    await Promise.resolve();
  },
  { name: 'security-headers', dependencies: ['core'] },
);
