import type { CannedResponseItem } from '@livechat/protocol';

export interface CannedContext {
  visitorName: string | null;
  visitorEmail: string | null;
  agentName: string;
  siteName: string;
}

/**
 * Fills {{visitor.name}}, {{visitor.email}}, {{agent.name}} and {{site.name}} (spaces inside the
 * braces allowed). A value the console does not know becomes empty, and the space before it goes
 * too, so "Hi {{visitor.name}}," reads "Hi," rather than showing braces to a visitor.
 */
export function fillCannedVariables(body: string, context: CannedContext): string {
  const values: Record<string, string | null> = {
    'visitor.name': context.visitorName,
    'visitor.email': context.visitorEmail,
    'agent.name': context.agentName,
    'site.name': context.siteName,
  };
  return body.replace(/( ?)\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi, (whole, space: string, name: string) => {
    const key = name.toLowerCase();
    if (!(key in values)) return whole;
    const value = values[key];
    return value ? `${space}${value}` : '';
  });
}

/** The `/query` being typed just before the caret, if any: "/ref" -> "ref". */
export function cannedQueryAt(text: string, caret: number): { query: string; start: number } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { query, start: caret - query.length - 1 };
}

/** Shortcut matches first (prefix before substring), then title and body. */
export function searchCanned(items: readonly CannedResponseItem[], query: string): CannedResponseItem[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...items].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
  const score = (item: CannedResponseItem) => {
    const shortcut = item.shortcut.toLowerCase().replace(/^\//, '');
    if (shortcut.startsWith(q)) return 0;
    if (shortcut.includes(q)) return 1;
    if (item.title.toLowerCase().includes(q)) return 2;
    if (item.body.toLowerCase().includes(q)) return 3;
    return -1;
  };
  return items
    .map((item) => ({ item, rank: score(item) }))
    .filter((r) => r.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.item.shortcut.localeCompare(b.item.shortcut))
    .map((r) => r.item);
}
