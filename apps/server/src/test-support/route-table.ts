import type { FastifyInstance } from 'fastify';

export type RouteEntry = { method: string; url: string };

/**
 * Every route the running server answers, read from `printRoutes` (Fastify has no route list API,
 * and an onRoute hook would have to be in place before the routes are registered). The tree prints
 * one node per line, four columns per level, each node's path relative to its parent's:
 *   ├── /api/admin/departments (GET, HEAD, POST)
 *   │   └── /:id (PATCH, DELETE)
 */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  const out: RouteEntry[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    const url = (stack[depth - 1] ?? '') + (m[2] ?? '');
    stack[depth] = url;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(',')) {
      if (method.trim()) out.push({ method: method.trim(), url });
    }
  }
  return out;
}
