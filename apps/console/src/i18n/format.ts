import type { VisitorBrief } from '@livechat/protocol';
import type { Locale } from './locale-store';
import type { Translate } from './translate';

const MINUTE = 60_000;

/** "3 min", "1 h 5 min": a wait time, rounded down to the minute. */
export function formatDuration(ms: number, t: Translate): string {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE);
  if (minutes < 1) return t('duration.lessThanMinute');
  if (minutes < 60) return t('duration.minutes', { count: minutes });
  return t('duration.hours', { count: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** The visitor's name, else "Visitor 1a2b" from the end of their id, so anonymous visitors stay distinguishable. */
export function visitorName(visitor: VisitorBrief, t: Translate): string {
  if (visitor.name) return visitor.name;
  return t('visitor.anonymous', { suffix: visitor.id.slice(-4) });
}

export const formatTime = (at: number, locale: Locale) =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(at);

export function formatDateTime(at: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

const startOfDay = (at: number) => {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

export const isSameDay = (a: number, b: number) => startOfDay(a) === startOfDay(b);

/** "Today", "Yesterday", or the date: the label of a day separator in a conversation. */
export function formatDay(at: number, now: number, locale: Locale, t: Translate): string {
  const days = Math.round((startOfDay(now) - startOfDay(at)) / (24 * 60 * MINUTE));
  if (days === 0) return t('day.today');
  if (days === 1) return t('day.yesterday');
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(at);
}

/** A compact "when" for list rows: the time today, else the date. */
export function formatListTime(at: number, now: number, locale: Locale): string {
  if (isSameDay(at, now)) return formatTime(at, locale);
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(at);
}
