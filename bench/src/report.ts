/** One line of the table and one entry of results.json. */
export type Figure = {
  name: string;
  value: number | null;
  unit: string;
  /** What the value is compared with, measured in the same run on the same machine (or the budget). */
  reference: number | null;
  referenceName: string;
  /** value / reference. */
  ratio: number | null;
  target: string;
  met: boolean | null;
  /** Set when the figure could not be measured; says why. */
  skipped?: string;
  detail?: Record<string, unknown>;
};

const fmt = (v: number | null) =>
  v === null
    ? '-'
    : Math.abs(v) >= 1000
      ? Math.round(v).toLocaleString('en-US')
      : String(Math.round(v * 100) / 100);

export function ratio(value: number | null, reference: number | null): number | null {
  if (value === null || reference === null || reference === 0) return null;
  return Math.round((value / reference) * 1000) / 1000;
}

export function table(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    f.skipped ? `skipped: ${f.skipped}` : fmt(f.value),
    f.unit,
    f.skipped ? '-' : `${fmt(f.reference)} (${f.referenceName})`,
    f.skipped || f.ratio === null ? '-' : `${f.ratio}x`,
    f.target,
    f.met === null ? '-' : f.met ? 'yes' : 'NO',
  ]);
  const head = ['figure', 'value', 'unit', 'reference', 'ratio', 'target', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
