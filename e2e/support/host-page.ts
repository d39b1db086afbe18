import { createServer, type Server } from 'node:http';
import { freePort } from './free-port.js';

export interface RunningHostPage {
  /** e.g. http://127.0.0.1:41235: a different site from the chat server on localhost. */
  origin: string;
  stop(): Promise<void>;
}

/**
 * A tiny static server standing in for a customer's website: another site than the chat server
 * (127.0.0.1 vs localhost), so storage partitioning, third-party cookies and frame-ancestors apply
 * as they do in production. GET /?siteKey=KEY serves a page embedding the widget for that site.
 */
export async function startHostPage(chatServerUrl: string): Promise<RunningHostPage> {
  const port = await freePort('127.0.0.1');
  const origin = `http://127.0.0.1:${port}`;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (request.method !== 'GET' || url.pathname !== '/') {
      response.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    const siteKey = url.searchParams.get('siteKey') ?? '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(hostPageHtml(chatServerUrl, siteKey));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The page carries hostile CSS, the kind real sites ship, aimed at everything but the widget: a huge
 * root font size (breaks rem-sized UIs), a global `div { display: none !important }`, and a reset of
 * every property on the page's own content. The widget must look and work the same regardless.
 */
export function hostPageHtml(chatServerUrl: string, siteKey: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Acme Shop (host page)</title>
    <style>
      html { font-size: 30px; line-height: 3; color: #c00; }
      body > :not(livechat-widget) * { all: unset; }
      div { display: none !important; }
      button, iframe, textarea { font: 40px/1 fantasy !important; }
    </style>
  </head>
  <body>
    <main>
      <h1>Acme Shop</h1>
      <p>A host page on another site than the chat server.</p>
      <div>This div is hidden by the host's own CSS.</div>
    </main>
    <script src="${escapeAttribute(`${chatServerUrl}/widget.js`)}" data-site-key="${escapeAttribute(siteKey)}" async></script>
  </body>
</html>
`;
}
