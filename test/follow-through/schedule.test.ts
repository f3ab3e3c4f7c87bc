// The nudge schedule and the reply grammar as pure functions: working days, each owner's zone and
// hours, DST, and the closed command grammar (AUTH-6).
import { describe, expect, it } from 'vitest';
import { isChatter, parseGrammar } from '../../src/understand/replies/index.js';
import { returnDate } from '../../src/coordinate/handle-oof.js';
import { matchTask } from '../../src/coordinate/handle-thread.js';
import { localInstant, localMoment, nudgeSlot, workingDaysBetween, workingHours } from '../../src/domain/working-time.js';
import { makeDateCtx } from '../../src/understand/dates.js';
import { DateTime } from 'luxon';
import type { Task } from '../../src/store/schema.js';

const week = [1, 2, 3, 4, 5];

describe('nudge slots', () => {
  it('due day, 1st working day overdue, then every 2, lead from the 3rd', () => {
    const due = '2025-03-07'; // Friday
    const days = ['2025-03-06', '2025-03-07', '2025-03-08', '2025-03-10', '2025-03-11', '2025-03-12', '2025-03-13', '2025-03-14', '2025-03-17'];
    expect(days.map((d) => nudgeSlot(due, d, week)?.slot ?? null)).toEqual([null, 'due', null, 'overdue:1', null, 'overdue:3', null, 'overdue:5', null]);
    expect(nudgeSlot(due, '2025-03-10', week)!.escalate).toBe(false);
    expect(nudgeSlot(due, '2025-03-12', week)!.escalate).toBe(true);
  });

  it('a weekend due date is first nudged on the next working day; other policies and work weeks apply', () => {
    expect(nudgeSlot('2025-03-08', '2025-03-08', week)).toBeNull();
    expect(nudgeSlot('2025-03-08', '2025-03-10', week)!.slot).toBe('overdue:1');
    expect(nudgeSlot('2025-03-07', '2025-03-11', week, { repeatEveryWorkingDays: 1, escalateFromWorkingDay: 2, awayDefaultDays: 7, awayMaxDays: 30 })).toMatchObject({ slot: 'overdue:2', escalate: true });
    expect(nudgeSlot('2025-03-06', '2025-03-09', [7, 1, 2, 3, 4])!.slot).toBe('overdue:1'); // Sun–Thu week
    expect(workingDaysBetween('2025-03-07', '2025-03-14', week)).toBe(5);
  });

  it('working hours are the owner\'s, across DST', () => {
    const h = workingHours({ work_start: '09:00', work_end: '17:00', work_days: '1,2,3,4,5' });
    // Chicago switches to CDT on 9 Mar 2025: 09:00 local is 15:00Z before and 14:00Z after
    expect(localInstant('2025-03-07', '09:00', 'America/Chicago').toISOString()).toBe('2025-03-07T15:00:00.000Z');
    expect(localInstant('2025-03-10', '09:00', 'America/Chicago').toISOString()).toBe('2025-03-10T14:00:00.000Z');
    // 02:30 does not exist in Berlin on 30 Mar 2025: the next valid minute
    expect(DateTime.fromJSDate(localInstant('2025-03-30', '02:30', 'Europe/Berlin'), { zone: 'Europe/Berlin' }).toFormat('HH:mm')).toBe('03:30');
    expect(localMoment(new Date('2025-03-10T13:59:00Z'), 'America/Chicago', h).workingTime).toBe(false);
    expect(localMoment(new Date('2025-03-10T14:00:00Z'), 'America/Chicago', h).workingTime).toBe(true);
    expect(localMoment(new Date('2025-03-10T12:00:00Z'), 'America/Sao_Paulo', h)).toMatchObject({ date: '2025-03-10', workingTime: true });
    expect(localMoment(new Date('2025-03-10T23:30:00Z'), 'Asia/Tokyo', h)).toMatchObject({ date: '2025-03-11', workingTime: false });
  });
});

describe('reply grammar', () => {
  const dates = makeDateCtx(new Date('2025-03-05T10:00:00Z'), 'Europe/Berlin', true);
  const read = (t: string) => parseGrammar(t, dates).map((i) => (i.type === 'command' ? { ...i.command } : i.type));
  it.each([
    ['done 1 and 3', [{ action: 'done', items: [1, 3] }]],
    ['all done', [{ action: 'done', items: 'all' }]],
    ['1, 3 done', [{ action: 'done', items: [1, 3] }]],
    ['blocked 2 waiting on legal', [{ action: 'blocked', items: [2], reason: 'waiting on legal' }]],
    ['move 3 to Friday', [{ action: 'reschedule', items: [3], due: '2025-03-07' }]],
    ['snooze 1 until Monday', [{ action: 'snooze', items: [1], due: '2025-03-10' }]],
    ['snooze 3 days', [{ action: 'snooze', due: '2025-03-08' }]],
    ['give 2 to carol@example.com', [{ action: 'reassign', items: [2], owner: 'carol@example.com' }]],
    ['decline 3', [{ action: 'decline', items: [3] }]],
    ['Hi Dana,\n\ndone 2\nblocked 1: finance\n\nThanks\ndone 3', [{ action: 'done', items: [2] }, { action: 'blocked', items: [1], reason: 'finance' }]],
  ])('%j', (text, expected) => {
    expect(read(text)).toEqual(expected.map((e) => expect.objectContaining(e)));
  });
  it('undo, yes and no are their own intents; prose is left to the engine', () => {
    expect(read('undo')).toEqual(['undo']);
    expect(read('Yes')).toEqual(['approve']);
    expect(read('no')).toEqual(['reject']);
    expect(read('The wireframes are done and I moved on to the copy.')).toEqual([]);
    expect(read('Is this done?')).toEqual([]);
  });
  it('thanks and empty replies are chatter, not commands to clarify', () => {
    expect(isChatter('')).toBe(true);
    expect(isChatter('Thanks, will do!')).toBe(true);
    expect(isChatter('Let me check with procurement.')).toBe(false);
  });
});

describe('out-of-office return dates and status-update matching', () => {
  const today = DateTime.fromISO('2025-11-20', { zone: 'UTC' });
  it.each([
    ['I am out of the office up to and including Monday, 24 November 2025.', '2025-11-25'],
    ['Ich bin bis einschließlich Montag, 24.11.2025, nicht im Büro.', '2025-11-25'],
    ['I will be back on Monday 1 December.', '2025-12-01'],
    ["Je suis absent jusqu'au 28 novembre.", '2025-11-29'],
    ['I am travelling with limited access to email.', null],
  ])('%s → %s', (text, expected) => {
    expect(returnDate(text, today, true)).toBe(expected);
  });
  it('a status sentence names the one task sharing its words, else none', () => {
    const t = (id: number, title: string) => ({ id, title }) as Task;
    const tasks = [t(1, 'Order the replacement scanners'), t(2, 'Review the training deck'), t(3, 'Book the installers')];
    expect(matchTask('The replacement scanners are ordered, done.', tasks)?.id).toBe(1);
    expect(matchTask('Training deck review is done', tasks)?.id).toBe(2);
    expect(matchTask('All done here', tasks)).toBeNull();
  });
});
