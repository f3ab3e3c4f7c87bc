// REL-7: when a digest is due, across zones and DST transitions, and that a day never gets two.
import { describe, expect, it } from 'vitest';
import { addDays, digestDue, localDateIn, localHourInstant } from '../../src/coordinate/build-digest-schedule.js';

const iso = (d: Date) => d.toISOString();

describe('digest schedule', () => {
  it('finds 08:00 local in zones on either side of UTC, with their DST in force', () => {
    expect(iso(localHourInstant('2025-03-10', 8, 'Europe/Berlin'))).toBe('2025-03-10T07:00:00.000Z');
    expect(iso(localHourInstant('2025-07-10', 8, 'Europe/Berlin'))).toBe('2025-07-10T06:00:00.000Z');
    expect(iso(localHourInstant('2025-03-10', 8, 'America/New_York'))).toBe('2025-03-10T12:00:00.000Z');
    expect(iso(localHourInstant('2025-03-10', 8, 'Asia/Kolkata'))).toBe('2025-03-10T02:30:00.000Z');
    expect(iso(localHourInstant('2025-03-10', 8, 'Pacific/Chatham'))).toBe('2025-03-09T18:15:00.000Z'); // +13:45
  });

  it('an hour skipped by spring-forward becomes the first instant after the gap (the next valid minute)', () => {
    expect(iso(localHourInstant('2025-03-30', 2, 'Europe/Berlin'))).toBe('2025-03-30T01:00:00.000Z'); // 03:00 CEST
    // São Paulo moved its clocks at midnight (2018-11-04 00:00 → 01:00): the day starts at 01:00.
    expect(iso(localHourInstant('2018-11-04', 0, 'America/Sao_Paulo'))).toBe('2018-11-04T03:00:00.000Z');
    // Lord Howe springs forward by 30 minutes, 02:00 → 02:30.
    expect(iso(localHourInstant('2025-10-05', 2, 'Australia/Lord_Howe'))).toBe('2025-10-04T15:30:00.000Z');
  });

  it('an hour that happens twice (fall-back) counts at its first occurrence', () => {
    expect(iso(localHourInstant('2025-10-26', 2, 'Europe/Berlin'))).toBe('2025-10-26T00:00:00.000Z'); // 02:00 CEST
    expect(iso(localHourInstant('2025-11-02', 1, 'America/New_York'))).toBe('2025-11-02T05:00:00.000Z'); // 01:00 EDT
  });

  it('is due on working days only, after the hour plus the spread, and not again for a date already decided', () => {
    const p = { zone: 'Europe/Berlin', hour: 8, workDays: '1,2,3,4,5', lastDate: null };
    const o = { fallbackZone: 'UTC', spreadMinutes: 0 };
    expect(digestDue(1, p, new Date('2025-03-10T06:59:59Z'), o)).toBeNull();
    expect(digestDue(1, p, new Date('2025-03-10T07:00:00Z'), o)).toMatchObject({ localDate: '2025-03-10', zone: 'Europe/Berlin' });
    expect(digestDue(1, { ...p, lastDate: '2025-03-10' }, new Date('2025-03-10T09:00:00Z'), o)).toBeNull();
    expect(digestDue(1, p, new Date('2025-03-08T09:00:00Z'), o)).toBeNull(); // Saturday
    expect(digestDue(1, { ...p, workDays: '7,1,2,3,4' }, new Date('2025-03-09T09:00:00Z'), o)).toMatchObject({ localDate: '2025-03-09' }); // a Sunday-to-Thursday week
    expect(digestDue(1, { ...p, zone: 'Not/AZone' }, new Date('2025-03-10T08:00:00Z'), o)).toMatchObject({ zone: 'UTC' });
    const spread = digestDue(7, p, new Date('2025-03-10T07:30:00Z'), { ...o, spreadMinutes: 20 })!;
    expect(spread.dueAt.getTime()).toBeGreaterThanOrEqual(Date.parse('2025-03-10T07:00:00Z'));
    expect(spread.dueAt.getTime()).toBeLessThan(Date.parse('2025-03-10T07:20:00Z'));
    expect(iso(spread.notAfter)).toBe('2025-03-10T23:00:00.000Z');
  });

  it('gives exactly one digest per local day across DST changes, however often the planner runs (REL-7)', () => {
    for (const [zone, hour, from, days] of [
      ['Europe/Berlin', 2, '2025-03-27T00:00:00Z', 8], // spring forward over the digest hour
      ['Europe/Berlin', 2, '2025-10-23T00:00:00Z', 8], // fall back: 02:00 happens twice
      ['America/Sao_Paulo', 0, '2018-11-01T00:00:00Z', 8], // midnight skipped
      ['America/Sao_Paulo', 8, '2019-02-14T00:00:00Z', 6], // fall back
    ] as const) {
      const sent: string[] = [];
      let lastDate: string | null = null;
      // Every 7 minutes (and each instant twice, as two racing planners would), for `days` days.
      for (let t = Date.parse(from); t < Date.parse(from) + days * 86_400_000; t += 7 * 60_000) {
        for (let twice = 0; twice < 2; twice++) {
          const due = digestDue(1, { zone, hour, workDays: '1,2,3,4,5,6,7', lastDate }, new Date(t), { fallbackZone: 'UTC', spreadMinutes: 0 });
          if (due) {
            sent.push(due.localDate);
            lastDate = due.localDate;
            expect(localDateIn(new Date(t), zone)).toBe(due.localDate);
          }
        }
      }
      // Consecutive local dates, none twice, none skipped — including the day the clocks change.
      expect(sent.slice(1), zone).toEqual(sent.slice(0, -1).map((d) => addDays(d, 1)));
      expect(sent.length, zone).toBeGreaterThanOrEqual(days - 1);
      expect(sent, zone).toContain(localDateIn(new Date(Date.parse(from) + 3 * 86_400_000 + 12 * 3_600_000), zone));
    }
  });
});
