// Fails the build when the widget outgrows its budgets (gzip, level 9):
//   dist/widget.js, the loader every host page loads:           <= 8 KB
//   the panel's first open: the JS and CSS that index.html pulls: <= 70 KB
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const LOADER_BUDGET = 8 * 1024;
const PANEL_BUDGET = 70 * 1024;

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

function panelFirstOpenFiles() {
  const htmlPath = join(dist, 'panel/index.html');
  if (!existsSync(htmlPath)) throw new Error(`${htmlPath} is missing: run vite build first`);
  const html = readFileSync(htmlPath, 'utf8');
  const files = new Set();
  // <script src>, <link rel="stylesheet|modulepreload" href>: everything fetched before the first paint.
  for (const match of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const tag = match[0];
    if (match[1] === 'link' && !/rel=["']?(stylesheet|modulepreload)/.test(tag)) continue;
    const url = /(?:src|href)=["']?([^"' >]+)/.exec(tag)?.[1];
    if (!url || /^(https?:)?\/\//.test(url)) continue;
    files.add(join(dist, 'panel', url.replace(/^\/widget\//, '').replace(/^\.?\//, '')));
  }
  return [...files];
}

let failed = false;
const loaderPath = join(dist, 'widget.js');
if (!existsSync(loaderPath)) {
  console.error(`${loaderPath} is missing: run vite build -c vite.loader.config.ts first`);
  process.exit(1);
}
const loader = gz(loaderPath);
console.log(`widget.js (loader):      ${kb(loader)} gzip  (budget ${kb(LOADER_BUDGET)})`);
if (loader > LOADER_BUDGET) failed = true;

const files = panelFirstOpenFiles();
const panel = files.reduce((sum, file) => sum + gz(file), 0);
console.log(`panel first open JS+CSS: ${kb(panel)} gzip  (budget ${kb(PANEL_BUDGET)}; ${files.length} files)`);
if (files.length === 0 || panel > PANEL_BUDGET) failed = true;

if (failed) {
  console.error('Widget size budget exceeded (or nothing built): see the sizes above.');
  process.exit(1);
}
