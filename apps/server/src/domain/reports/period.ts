/*
 * Report periods are whole local days in a named time zone: [from 00:00, the day after `to` 00:00).
 * Offsets change with daylight saving, so each boundary is computed for its own date.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(instant: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant local midnight begins on `date` (YYYY-MM-DD) in the zone (the first instant of that day). */
export function startOfLocalDay(date: string, timeZone: string): number {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const wallMidnight = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even when midnight is near a DST change.
  let t = wallMidnight - zoneOffsetMs(wallMidnight, timeZone);
  t = wallMidnight - zoneOffsetMs(t, timeZone);
  // Where midnight does not exist (a DST jump at 00:00), the day starts at the first instant after it.
  if (localDate(t, timeZone) !== date) t += 3_600_000;
  return t;
}

/** The local date (YYYY-MM-DD) of an instant in the zone. */
export function localDate(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function periodBounds(
  from: string,
  to: string,
  timeZone: string,
): { startsAt: number; endsAt: number } {
  return { startsAt: startOfLocalDay(from, timeZone), endsAt: startOfLocalDay(addDays(to, 1), timeZone) };
}

/** ISO 8601 with the zone's offset at that instant, e.g. 2025-03-30T09:00:00+02:00 (for CSV). */
export function isoInZone(instant: number, timeZone: string): string {
  const offset = zoneOffsetMs(instant, timeZone);
  const wall = new Date(Math.floor(instant / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset) / 60_000;
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
