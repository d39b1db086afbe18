import type { DurationStats } from '@livechat/protocol';

/**
 * The p-th percentile (0..1) of ascending `sorted` values, interpolating linearly between the two
 * nearest ranks (what spreadsheets' PERCENTILE.INC does): the median of [1, 2, 3, 4] is 2.5.
 * null for no values. Computed in code because neither SQLite nor our PostgreSQL queries share a
 * percentile function (DESIGN.md).
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (p <= 0) return sorted[0] ?? null;
  if (p >= 1) return sorted[sorted.length - 1] ?? null;
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (b - a) * (rank - lo);
}

export function durationStats(values: number[]): DurationStats {
  const sorted = [...values].sort((x, y) => x - y);
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    count: sorted.length,
    medianMs: round(percentile(sorted, 0.5)),
    p90Ms: round(percentile(sorted, 0.9)),
  };
}
