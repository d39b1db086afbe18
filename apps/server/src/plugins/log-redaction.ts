import type { FastifyRequest } from 'fastify';

/**
 * Credentials that travel in URLs, and so would reach the request log line: the invite token in
 * GET /api/invites/:token (it sets an agent's password once) and the signature of a file URL (it
 * opens the file to anyone for a day). Everything else secret travels in headers or bodies, which
 * are not logged (and cookie and authorization headers are redacted should anyone log them).
 */
export function redactedUrl(url: string): string {
  const [path = '', query] = url.split('?', 2);
  const safePath = path.replace(/^(\/api\/invites\/)(?!accept$)[^/]+/, '$1[redacted]');
  if (query === undefined) return safePath;
  const params = new URLSearchParams(query);
  for (const name of ['sig', 'token']) if (params.has(name)) params.set(name, '[redacted]');
  return `${safePath}?${params.toString()}`;
}

/** Logger options for Fastify: what is redacted, and a request serializer with a redacted URL. */
export const logRedaction = {
  redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
  serializers: {
    req: (request: FastifyRequest) => ({
      method: request.method,
      url: redactedUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket.remotePort,
    }),
  },
};
