import { describe, expect, it } from 'vitest';
import { isoInZone, localDate, periodBounds, startOfLocalDay } from './period.js';
import { durationStats, percentile } from './percentile.js';

describe('percentile', () => {
  it('interpolates between ranks and handles the edges', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3], 0.5)).toBe(2);
    expect(percentile([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(90);
    expect(percentile([10, 20], 0.9)).toBe(19);
  });
  it('durationStats sorts its input', () => {
    expect(durationStats([4000, 1000, 3000, 2000])).toEqual({ count: 4, medianMs: 2500, p90Ms: 3700 });
  });
});

describe('period boundaries in a named time zone', () => {
  it('a day in Shanghai starts at 16:00 UTC the day before', () => {
    expect(new Date(startOfLocalDay('2025-03-10', 'Asia/Shanghai')).toISOString()).toBe(
      '2025-03-09T16:00:00.000Z',
    );
  });
  it('follows daylight saving: the Paris day of the spring change is 23 hours', () => {
    const { startsAt, endsAt } = periodBounds('2025-03-30', '2025-03-30', 'Europe/Paris');
    expect(new Date(startsAt).toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(new Date(endsAt).toISOString()).toBe('2025-03-30T22:00:00.000Z');
    expect(endsAt - startsAt).toBe(23 * 3_600_000);
  });
  it('New York in winter and summer; UTC is plain midnight', () => {
    expect(new Date(startOfLocalDay('2025-01-15', 'America/New_York')).toISOString()).toBe(
      '2025-01-15T05:00:00.000Z',
    );
    expect(new Date(startOfLocalDay('2025-07-15', 'America/New_York')).toISOString()).toBe(
      '2025-07-15T04:00:00.000Z',
    );
    expect(new Date(startOfLocalDay('2025-07-15', 'UTC')).toISOString()).toBe('2025-07-15T00:00:00.000Z');
  });
  it('where midnight does not exist, the day starts at the first instant after it', () => {
    // Santiago moved clocks from 00:00 to 01:00 on 2024-09-08.
    const start = startOfLocalDay('2024-09-08', 'America/Santiago');
    expect(localDate(start, 'America/Santiago')).toBe('2024-09-08');
    expect(localDate(start - 1, 'America/Santiago')).toBe('2024-09-07');
  });
  it('local dates and ISO times with offsets', () => {
    const instant = Date.parse('2025-03-09T16:30:00Z');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2025-03-10');
    expect(localDate(instant, 'UTC')).toBe('2025-03-09');
    expect(isoInZone(instant, 'Asia/Shanghai')).toBe('2025-03-10T00:30:00+08:00');
    expect(isoInZone(instant, 'America/New_York')).toBe('2025-03-09T12:30:00-04:00');
  });
});
