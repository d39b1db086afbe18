import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export type AssetSize =
  | { name: string; files: string[]; rawBytes: number; gzipBytes: number; budget: number }
  | { name: string; missing: string; budget: number };

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

/**
 * What a browser fetches at first from an index.html: its module scripts, stylesheets and
 * modulepreloads (the entry's static imports). Lazy chunks (dynamic imports) are not counted.
 */
function initialFiles(indexHtml: string): string[] {
  const html = readFileSync(indexHtml, 'utf8');
  const root = dirname(indexHtml);
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) if (m[1]) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
    if (href) refs.add(href);
  }
  return [...refs]
    .filter((r) => !/^(https?:)?\/\//.test(r) && !r.startsWith('data:'))
    .map((r) => {
      // Built with a base ('/', '/widget/panel/'...): resolve the file by its name under the dist folder.
      const rel = r.replace(/^\//, '');
      const direct = resolve(root, rel);
      if (existsSync(direct)) return direct;
      const assets = rel.indexOf('assets/');
      return resolve(root, assets >= 0 ? rel.slice(assets) : rel);
    });
}

function measure(name: string, files: string[], budget: number): AssetSize {
  const missing = files.find((f) => !existsSync(f));
  if (files.length === 0 || missing) return { name, missing: missing ?? 'no files', budget };
  const bufs = files.map((f) => readFileSync(f));
  return {
    name,
    files,
    rawBytes: bufs.reduce((a, b) => a + b.length, 0),
    // Each file is a separate response, gzipped on its own.
    gzipBytes: bufs.reduce((a, b) => a + gz(b), 0),
    budget,
  };
}

/** Figure 7: the gzipped size of what a visitor's page and an agent's console download first. */
export function assetSizes(repoRoot: string): AssetSize[] {
  const widget = join(repoRoot, 'apps/widget/dist');
  const panelHtml = join(widget, 'panel/index.html');
  const consoleHtml = join(repoRoot, 'apps/console/dist/index.html');
  return [
    measure('widget_loader_gz_bytes', [join(widget, 'widget.js')], 8 * 1024),
    existsSync(panelHtml)
      ? measure('widget_panel_gz_bytes', initialFiles(panelHtml), 70 * 1024)
      : { name: 'widget_panel_gz_bytes', missing: panelHtml, budget: 70 * 1024 },
    existsSync(consoleHtml)
      ? measure('console_initial_gz_bytes', initialFiles(consoleHtml), 250 * 1024)
      : { name: 'console_initial_gz_bytes', missing: consoleHtml, budget: 250 * 1024 },
  ];
}
