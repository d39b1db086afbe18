import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { repoRoot } from '../env.js';
import { allowedOriginsOf } from '../domain/sites.js';

const consoleDist = join(repoRoot, 'apps/console/dist');
const widgetDist = join(repoRoot, 'apps/widget/dist');

/**
 * The built console at /, the widget loader at /widget.js and the panel under /widget/. Missing
 * builds are answered with a hint instead of a crash (tests run the API without building UIs).
 */
export default async function staticAssets(app: FastifyInstance): Promise<void> {
  if (existsSync(join(widgetDist, 'panel'))) {
    await app.register(fastifyStatic, {
      root: join(widgetDist, 'panel'),
      prefix: '/widget/',
      decorateReply: false,
      index: ['index.html'],
      setHeaders: (res, path) => {
        if (path.endsWith('.html')) res.header('Cache-Control', 'no-cache');
        else res.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    });
    // The panel may be framed only by the site's allowed origins (and the console's own, for /demo).
    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.url.startsWith('/widget/index.html') && request.url.split('?')[0] !== '/widget/')
        return payload;
      const siteKey = new URL(request.url, app.env.publicUrl).searchParams.get('siteKey') ?? '';
      const site = siteKey ? await app.db.prisma.site.findUnique({ where: { key: siteKey } }) : null;
      const origins = site ? allowedOriginsOf(site) : [];
      const ancestors = origins.includes('*') ? '*' : ["'self'", ...origins].join(' ');
      void reply.header('Content-Security-Policy', `frame-ancestors ${ancestors}`);
      return payload;
    });
  }

  app.get('/widget.js', { schema: { hide: true } }, (_request, reply) => {
    const file = join(widgetDist, 'widget.js');
    if (!existsSync(file)) return reply.code(503).type('text/plain').send('widget not built: run npm start');
    return reply
      .type('text/javascript; charset=utf-8')
      .header('Cache-Control', 'public, max-age=300')
      .header('Access-Control-Allow-Origin', '*')
      .send(readFileSync(file));
  });

  if (existsSync(consoleDist)) {
    // The console routes by the URL hash, so its files are all there is to serve. `wildcard` looks
    // files up per request, so a rebuilt console is served without a restart.
    await app.register(fastifyStatic, {
      root: consoleDist,
      prefix: '/',
      index: ['index.html'],
      wildcard: true,
      setHeaders: (res, path) => {
        if (path.endsWith('.html')) res.header('Cache-Control', 'no-cache');
        else if (path.includes('/assets/'))
          res.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    });
  } else {
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.type('text/plain').send('console not built: run npm start'),
    );
  }
}
