import { request, type Agent } from 'node:http';

export type HttpResponse = { status: number; json: unknown; cookie: string | null };

/**
 * A tiny JSON client over node:http. Each caller brings its keep-alive Agent, so a few pooled
 * connections carry thousands of requests (no ephemeral-port churn) and each racing agent of the
 * claim race has its own connection, as separate browsers would.
 */
export function httpJson(
  agent: Agent,
  base: string,
  method: string,
  path: string,
  opts: { origin: string; cookie?: string; body?: unknown; timeoutMs?: number },
): Promise<HttpResponse> {
  const url = new URL(path, base);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = { origin: opts.origin };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, method, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = text;
          }
          const setCookie = res.headers['set-cookie']?.[0];
          resolve({
            status: res.statusCode ?? 0,
            json,
            cookie: setCookie ? (setCookie.split(';')[0] ?? null) : null,
          });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Reads `obj.a.b...` from a parsed JSON value without trusting its shape. */
export function pick(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = Reflect.get(cur, key);
  }
  return cur;
}
