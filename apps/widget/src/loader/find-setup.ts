/** Where the loader came from: the chat server's origin and the site key of the embedding page. */
export interface LoaderSetup {
  server: string;
  siteKey: string;
}

/**
 * Reads the embed tag. document.currentScript is set while a classic (even async) script runs; when
 * it is not (a tag manager injected us, or a bundler wrapped us), the tag is found by its src.
 */
export function findSetup(doc: Document): LoaderSetup | null {
  const current = doc.currentScript;
  const tags: HTMLScriptElement[] = [];
  if (current && 'src' in current && current.src) tags.push(current);
  doc.querySelectorAll('script[src]').forEach((tag) => {
    if (tag instanceof HTMLScriptElement && /\/widget\.js([?#]|$)/.test(tag.src)) tags.push(tag);
  });
  for (const tag of tags) {
    const siteKey = tag.getAttribute('data-site-key');
    if (siteKey) return { server: new URL(tag.src, doc.baseURI).origin, siteKey };
  }
  return null;
}
