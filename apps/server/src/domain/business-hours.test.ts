import type { BusinessHours } from '@livechat/protocol';
import { describe, expect, it } from 'vitest';
import { isOpenAt } from './business-hours.js';

const weekdays9to17 = (timezone: string): BusinessHours => ({
  timezone,
  days: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  },
});

describe('business hours', () => {
  it('is always open without hours', () => {
    expect(isOpenAt(null, new Date('2026-11-29T03:00:00Z'))).toBe(true);
  });

  it('reads the clock in the department time zone', () => {
    const shanghai = weekdays9to17('Asia/Shanghai');
    // Thursday 2026-11-26 01:30 UTC is 09:30 in Shanghai: open; 09:30 UTC is 17:30 there: closed.
    expect(isOpenAt(shanghai, new Date('2026-11-26T01:30:00Z'))).toBe(true);
    expect(isOpenAt(shanghai, new Date('2026-11-26T09:30:00Z'))).toBe(false);
    const newYork = weekdays9to17('America/New_York');
    expect(isOpenAt(newYork, new Date('2026-11-26T01:30:00Z'))).toBe(false);
    expect(isOpenAt(newYork, new Date('2026-11-26T15:00:00Z'))).toBe(true);
  });

  it('closes on days without intervals, in the lunch gap, and at the end minute', () => {
    const berlin = weekdays9to17('Europe/Berlin');
    expect(isOpenAt(berlin, new Date('2026-11-28T10:00:00Z'))).toBe(false); // Saturday
    expect(isOpenAt(berlin, new Date('2026-11-25T11:30:00Z'))).toBe(false); // Wednesday 12:30 local
    expect(isOpenAt(berlin, new Date('2026-11-25T12:30:00Z'))).toBe(true); // Wednesday 13:30 local
    expect(isOpenAt(berlin, new Date('2026-11-26T16:00:00Z'))).toBe(false); // 17:00 local: closed
  });

  it('follows daylight saving time', () => {
    const london = weekdays9to17('Europe/London');
    // Monday 2026-07-06 08:30 UTC is 09:30 BST (open); Monday 2026-11-30 08:30 UTC is 08:30 GMT (closed).
    expect(isOpenAt(london, new Date('2026-07-06T08:30:00Z'))).toBe(true);
    expect(isOpenAt(london, new Date('2026-11-30T08:30:00Z'))).toBe(false);
  });
});
