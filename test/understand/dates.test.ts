import { describe, expect, it } from 'vitest';
import { makeDateCtx, resolveDue } from '../../src/understand/dates.js';

// Sun 2 Mar 2025 22:15 −08:00 (already Monday in UTC)
const lateSunday = makeDateCtx(new Date('2025-03-03T06:15:00Z'), 'UTC-08:00', false);
// Mon 3 Feb 2025 10:00 +01:00
const monday = makeDateCtx(new Date('2025-02-03T09:00:00Z'), 'Europe/Amsterdam', true);
// Mon 22 Dec 2025 10:00 +01:00 (Norway)
const december = makeDateCtx(new Date('2025-12-22T09:00:00Z'), 'UTC+01:00', true);

describe('resolveDue', () => {
  it('uses the sender-local date, not UTC', () => {
    expect(lateSunday.today.toISODate()).toBe('2025-03-02');
    expect(resolveDue('send it tomorrow', lateSunday)).toBe('2025-03-03');
    expect(resolveDue('today please', lateSunday)).toBe('2025-03-02');
  });
  it.each([
    ['by EOD Thursday', '2025-02-06'],
    ['by Friday', '2025-02-07'],
    ['by Monday', '2025-02-10'],
    ['next Friday', '2025-02-14'],
    ['by the end of the month', '2025-02-28'],
    ['end of next week', '2025-02-14'],
    ['the Friday after next', '2025-02-14'],
    ['EOW', '2025-02-07'],
    ['in 10 days', '2025-02-13'],
    ['in two weeks', '2025-02-17'],
    ['due Feb 14', '2025-02-14'],
    ['by 14 March', '2025-03-14'],
    ['by the 24th', '2025-02-24'],
    ['by 28/2', '2025-02-28'],
    ['by 7/3', '2025-03-07'],
    ['bis zum 14.03.', '2025-03-14'],
    ['bis Ende des Monats', '2025-02-28'],
    ['COB tomorrow', '2025-02-04'],
    ['by 5pm CET Thursday', '2025-02-06'],
    ['within two days of the 24th', '2025-02-26'],
    ['entro venerdì', '2025-02-07'],
    ['uiterlijk 18/3', '2025-03-18'],
    ['by the end of the quarter', '2025-03-31'],
  ])('%s', (phrase, want) => expect(resolveDue(phrase, monday)).toBe(want));

  it('rolls over the year boundary', () => {
    expect(resolveDue('by the 2nd', december)).toBe('2026-01-02');
    expect(resolveDue('by 09/01', december)).toBe('2026-01-09');
    expect(resolveDue('by January 9', december)).toBe('2026-01-09');
  });
  it('reads m/d for US senders', () => {
    const us = makeDateCtx(new Date('2025-02-10T16:31:00Z'), 'UTC-06:00', false);
    expect(resolveDue('2/21/2025', us)).toBe('2025-02-21');
    expect(resolveDue('by 3/7', us)).toBe('2025-03-07');
  });
  it('returns null for vague timing', () => {
    for (const p of ['ASAP', 'target H2', 'early next week', 'mid-February', 'date TBD']) expect(resolveDue(p, monday), p).toBeNull();
  });
  it('ends next month in the local month (late-night −07:00)', () => {
    const lateOct = makeDateCtx(new Date('2025-11-01T06:40:00Z'), 'UTC-07:00', false);
    expect(resolveDue('by the end of next month', lateOct)).toBe('2025-11-30');
  });
});
