import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/*
 * Charts of the reports page, drawn by uPlot (~50 KB, canvas). This module is only reached through
 * the lazily loaded reports page, so the console's first load never pays for it.
 */

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** Keeps a uPlot instance sized to its container. */
function useUPlot(build: (width: number) => uPlot.Options, data: uPlot.AlignedData, deps: unknown[]) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = new uPlot(build(el.clientWidth || 600), data, el);
    const observer = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: chart.height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, deps);
  return ref;
}

export function DailyChart({
  days,
  labels,
}: {
  days: Array<{ date: string; conversations: number; missed: number }>;
  labels: { conversations: string; missed: string };
}) {
  const xs = days.map((d) => Date.parse(`${d.date}T12:00:00Z`) / 1000);
  const data: uPlot.AlignedData = [xs, days.map((d) => d.conversations), days.map((d) => d.missed)];
  const accent = cssVar('--accent-500', '#5b5bd6');
  const red = cssVar('--red-600', '#d13438');
  const grid = cssVar('--gray-150', '#e8e9ee');
  const muted = cssVar('--gray-500', '#737887');
  const bars = uPlot.paths.bars?.({ size: [0.6, 28] });
  const ref = useUPlot(
    (width) => ({
      width,
      height: 240,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'UTC'),
      cursor: { points: { size: 7 } },
      legend: { show: true },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
      axes: [
        { stroke: muted, grid: { show: false }, ticks: { stroke: grid } },
        { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { show: false }, size: 40 },
      ],
      series: [
        {},
        {
          label: labels.conversations,
          stroke: accent,
          fill: `${accent}cc`,
          width: 0,
          ...(bars ? { paths: bars } : {}),
          points: { show: false },
        },
        { label: labels.missed, stroke: red, width: 2, points: { show: true, size: 5, fill: red } },
      ],
    }),
    data,
    [JSON.stringify(days), labels.conversations, labels.missed],
  );
  return <div ref={ref} className="report-chart" />;
}
