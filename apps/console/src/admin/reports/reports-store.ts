import type { ReportQuery, ReportResponse } from '@livechat/protocol';
import { create } from 'zustand';
import { adminApi } from '../admin-api';
import { expireOn401 } from '../admin-data-store';

export type PeriodPreset = '7d' | '30d' | '90d' | 'month' | 'custom';

/** YYYY-MM-DD of an instant in a time zone (en-CA formats dates that way). */
export function isoDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The [from, to] days of a preset, ending today in the time zone. */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, now: number, timeZone: string) {
  const to = isoDay(now, timeZone);
  if (preset === 'month') return { from: `${to.slice(0, 8)}01`, to };
  const days = preset === '7d' ? 7 : preset === '30d' ? 30 : 90;
  return { from: isoDay(now - (days - 1) * 86_400_000, timeZone), to };
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

interface ReportsState {
  preset: PeriodPreset;
  query: ReportQuery;
  report: ReportResponse | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  setPreset(preset: PeriodPreset): void;
  setQuery(patch: Partial<ReportQuery>): void;
  load(): Promise<void>;
}

const initialZone = browserZone();

export const useReportsStore = create<ReportsState>()((set, get) => ({
  preset: '30d',
  query: { ...presetRange('30d', Date.now(), initialZone), timezone: initialZone },
  report: null,
  status: 'idle',
  error: null,

  setPreset: (preset) => {
    const tz = get().query.timezone ?? 'UTC';
    set((s) => ({
      preset,
      query: preset === 'custom' ? s.query : { ...s.query, ...presetRange(preset, Date.now(), tz) },
    }));
    void get().load();
  },

  setQuery: (patch) => {
    set((s) => ({ query: { ...s.query, ...patch }, preset: patch.from || patch.to ? 'custom' : s.preset }));
    void get().load();
  },

  load: async () => {
    const query = get().query;
    set({ status: 'loading', error: null });
    try {
      const report = await adminApi.report(query);
      // A slower, older request must not overwrite a newer one.
      if (get().query !== query) return;
      set({ report, status: 'ready' });
    } catch (error) {
      expireOn401(error);
      if (get().query !== query) return;
      set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  },
}));
