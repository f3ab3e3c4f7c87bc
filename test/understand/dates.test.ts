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

// Mon 3 Mar 2025 (day-first sender)
const march = makeDateCtx(new Date('2025-03-03T10:00:00Z'), 'Europe/Berlin', true);
// Mon 3 Mar 2025 (US sender)
const marchUs = makeDateCtx(new Date('2025-03-03T15:00:00Z'), 'UTC-05:00', false);

describe('a weekday that introduces an explicit date', () => {
  it.each([
    ['by Tuesday 11 March', '2025-03-11'],
    ['by Tuesday, 11 March', '2025-03-11'],
    ['Friday the 14th', '2025-03-14'],
    ['this Friday the 14th', '2025-03-14'],
    ['Fri 14/3', '2025-03-14'],
    ['on Thursday, March 6th', '2025-03-06'],
    ['Thursday March 6', '2025-03-06'],
    ['next Tuesday, 18 March', '2025-03-18'],
    ['Mittwoch, 12.03.', '2025-03-12'],
    ['bis Mittwoch, den 12.03.', '2025-03-12'],
    ['bis Dienstag, 11. März', '2025-03-11'],
    ['le jeudi 6 mars', '2025-03-06'],
    ["d'ici le vendredi 14 mars", '2025-03-14'],
    ['el martes 25', '2025-03-25'],
    ['para el martes 11 de marzo', '2025-03-11'],
    ['até terça-feira, 11 de março', '2025-03-11'],
    ['entro martedì 11 marzo', '2025-03-11'],
    ['vóór dinsdag 11 maart', '2025-03-11'],
  ])('%s', (phrase, want) => expect(resolveDue(phrase, march)).toBe(want));

  it('prefers the date when the weekday disagrees with it', () => {
    // 12 March 2025 is a Wednesday
    expect(resolveDue('by Tuesday 12 March', march)).toBe('2025-03-12');
    expect(resolveDue('Tuesday, March 12th', marchUs)).toBe('2025-03-12');
    expect(resolveDue('Di., 12.03.', march)).toBe('2025-03-12');
  });
  it('reads m/d after a weekday for US senders', () => {
    expect(resolveDue('Fri 3/14', marchUs)).toBe('2025-03-14');
  });
  it('uses the weekday to pick the month of a bare day of month', () => {
    // the nearest 15th (Sat 15 Mar) is not a Tuesday; Tue 15 Apr is
    expect(resolveDue('Tuesday the 15th', march)).toBe('2025-04-15');
    // neither the nearest 16th nor the next one is a Monday: the nearest wins
    expect(resolveDue('Monday the 16th', march)).toBe('2025-03-16');
  });
  it('still reads a weekday alone, or one followed by a count that is no date', () => {
    expect(resolveDue('by Tuesday', march)).toBe('2025-03-04');
    expect(resolveDue('on Friday, 3 people will join', march)).toBe('2025-03-07');
    expect(resolveDue('Thursday at 3', march)).toBe('2025-03-06');
  });
  it('keeps a date that comes first, with the weekday after it', () => {
    expect(resolveDue('by 11 March (Tuesday)', march)).toBe('2025-03-11');
  });
});
