import type { FastifyInstance } from 'fastify';
import { embedSnippet } from '../domain/sites.js';

/**
 * /demo: a sample host page with the default site's widget, so a newcomer sees the widget right
 * after `npm start`. (Journeys embed the widget in a page of another site instead.)
 */
export default async function demoRoutes(app: FastifyInstance): Promise<void> {
  app.get('/demo', { schema: { hide: true } }, async (_request, reply) => {
    const site = await app.db.prisma.site.findFirst({ orderBy: { createdAt: 'asc' } });
    if (!site) return reply.code(404).type('text/plain').send('no site yet');
    const snippet = embedSnippet(app.env.publicUrl, site.key);
    return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo shop - live chat demo</title>
<style>
  body { margin: 0; font: 16px/1.6 system-ui, -apple-system, Segoe UI, sans-serif; color: #1f2937; background: #f8fafc; }
  header { background: #111827; color: #fff; padding: 18px 32px; display: flex; justify-content: space-between; align-items: center; }
  header b { font-size: 20px; letter-spacing: .5px; } nav a { color: #d1d5db; margin-left: 20px; text-decoration: none; }
  main { max-width: 960px; margin: 40px auto; padding: 0 24px; }
  .hero { background: linear-gradient(135deg, #e0e7ff, #fdf2f8); border-radius: 16px; padding: 48px; }
  .hero h1 { margin: 0 0 8px; font-size: 36px; } .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 20px; margin-top: 32px; }
  .card { background: #fff; border-radius: 12px; padding: 20px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  .card .img { height: 120px; border-radius: 8px; background: #e5e7eb; margin-bottom: 12px; }
  code { display: block; background: #111827; color: #a7f3d0; padding: 14px; border-radius: 8px; font-size: 13px; overflow-x: auto; }
</style></head>
<body>
<header><b>Demo shop</b><nav><a href="#">Products</a><a href="#">Pricing</a><a href="#">Contact</a></nav></header>
<main>
  <section class="hero"><h1>Welcome to the demo shop</h1>
  <p>This page stands in for your website. The chat button in the corner is the widget: write to it, then answer from the console in another tab.</p></section>
  <div class="grid">
    <div class="card"><div class="img"></div><b>Everyday backpack</b><p>49 EUR</p></div>
    <div class="card"><div class="img"></div><b>Travel mug</b><p>19 EUR</p></div>
    <div class="card"><div class="img"></div><b>Wool socks</b><p>12 EUR</p></div>
  </div>
  <h2>Embed it on your site</h2>
  <p>Paste this before <code style="display:inline;padding:2px 6px">&lt;/body&gt;</code>, and allow your site's origin in the console:</p>
  <code>${snippet.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</code>
</main>
${snippet}
</body></html>`);
  });
  await Promise.resolve();
}
