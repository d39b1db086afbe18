import type { BusinessHours } from '@livechat/protocol';

type Day = keyof BusinessHours['days'];
const WEEKDAYS = new Map<string, Day>([
  ['Mon', 'mon'],
  ['Tue', 'tue'],
  ['Wed', 'wed'],
  ['Thu', 'thu'],
  ['Fri', 'fri'],
  ['Sat', 'sat'],
  ['Sun', 'sun'],
]);
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday and "HH:MM" of an instant in a named time zone (Intl does the calendar and DST). */
function localTime(at: Date, timeZone: string): { day: Day; hm: string } | null {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const day = parts.weekday === undefined ? undefined : WEEKDAYS.get(parts.weekday);
  if (!day || !parts.hour || !parts.minute) return null;
  return { day, hm: `${parts.hour}:${parts.minute}` };
}

/**
 * Whether a department is open at an instant: no business hours means always open; a weekday with
 * no intervals is closed; intervals are [from, to) in the department's own time zone.
 */
export function isOpenAt(hours: BusinessHours | null, at: Date): boolean {
  if (!hours) return true;
  const local = localTime(at, hours.timezone);
  if (!local) return true;
  return (hours.days[local.day] ?? []).some(([from, to]) => from <= local.hm && local.hm < to);
}
