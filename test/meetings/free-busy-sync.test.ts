// The free/busy feed sync (planners.freeBusy) on PGlite and Postgres, against feeds served by a real local
// HTTP server: recurring events expanded into the cache, a fresh copy left alone, a stale one read again,
// a failing feed keeping its last good copy, and slot finding reading only the cache.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyTimes, httpFreeBusyFetcher, setFreeBusyFeed } from '../../src/coordinate/free-busy.js';
import type { CoordinateDeps } from '../../src/coordinate/context.js';
import { planners } from '../../src/coordinate/scheduled.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { OpenedDatabase } from '../../src/store/db.js';
import { upsertPerson } from '../../src/store/people.js';
import { testDatabases } from '../support/databases.js';
import { ics, startFeedServer } from './feed-server.js';

const feeds = new Map<string, { status: number; body: string }>();
let requests = 0;
const server = startFeedServer((req, res) => {
  requests++;
  const f = feeds.get(req.url ?? '') ?? { status: 404, body: '' };
  res.writeHead(f.status, { 'content-type': 'text/calendar', connection: 'close' }).end(f.body);
});
// Every Monday 10:00–11:00 New York time (a TZID with no VTIMEZONE, as Google writes it), one week moved.
const weekly = ics(
  'BEGIN:VEVENT', 'UID:standup@feed', 'DTSTAMP:20250101T000000Z', 'DTSTART;TZID=America/New_York:20250106T100000', 'DTEND;TZID=America/New_York:20250106T110000', 'RRULE:FREQ=WEEKLY;BYDAY=MO', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:standup@feed', 'DTSTAMP:20250101T000000Z', 'RECURRENCE-ID;TZID=America/New_York:20250317T100000', 'DTSTART;TZID=America/New_York:20250318T160000', 'DTEND;TZID=America/New_York:20250318T170000', 'END:VEVENT',
);
const single = ics('BEGIN:VEVENT', 'UID:one@feed', 'DTSTAMP:20250101T000000Z', 'DTSTART:20250305T090000Z', 'DTEND:20250305T100000Z', 'END:VEVENT');

describe.each(testDatabases)('free/busy feed sync on $name', (database) => {
  let store: OpenedDatabase;
  let deps: CoordinateDeps;
  let clock: ManualClock;
  let personId: number;
  const t0 = new Date('2025-03-03T12:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  const cache = async () =>
    (await store.db.selectFrom('busy_intervals').select(['start_at', 'end_at']).where('person_id', '=', personId).orderBy('start_at').execute()).map(
      (b) => `${new Date(b.start_at).toISOString().slice(0, 16)}/${new Date(b.end_at).toISOString().slice(11, 16)}`,
    );
  const record = () => store.db.selectFrom('person_calendars').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    store = await database.open();
    clock = new ManualClock(t0);
    deps = { db: store.db, clock, log: pino({ level: 'silent' }), fetchFreeBusy: httpFreeBusyFetcher({ allowPrivate: true }) } as unknown as CoordinateDeps;
    personId = (await upsertPerson(store.db, { email: 'dana@ny.example' }, t0)).id;
  });
  afterAll(async () => store?.close());

  it('reads a feed when it is set, expanding recurring events (DST and a moved occurrence) for the next 30 days', async () => {
    feeds.set('/dana.ics', { status: 200, body: weekly });
    expect(await setFreeBusyFeed(deps, personId, server.url('/dana.ics'))).toEqual({ due: 1, read: 1, failed: 0 });
    expect(await cache()).toEqual([
      '2025-03-03T15:00/16:00', // EST
      '2025-03-10T14:00/15:00', // EDT from 9 Mar
      '2025-03-18T20:00/21:00', // the 17th's occurrence, moved to Tuesday 16:00
      '2025-03-24T14:00/15:00',
      '2025-03-31T14:00/15:00',
    ]);
    expect(await record()).toMatchObject({ fetched_at: t0, checked_at: t0, last_error: null, covered_until: at(30 * 24 * 60) });
  });

  it('leaves a fresh copy alone and reads the feed again once the copy is older than the refresh interval', async () => {
    feeds.set('/dana.ics', { status: 200, body: single });
    const before = requests;
    expect(await planners.freeBusy!(deps, at(10))).toEqual({ due: 0, read: 0, failed: 0 });
    expect(requests).toBe(before);
    expect(await cache()).toHaveLength(5);

    expect(await planners.freeBusy!(deps, at(16))).toEqual({ due: 1, read: 1, failed: 0 });
    expect(await cache()).toEqual(['2025-03-05T09:00/10:00']);
    expect((await record()).fetched_at).toEqual(at(16));
  });

  it('keeps the last good copy when the feed fails, records why, and retries on the same schedule', async () => {
    feeds.set('/dana.ics', { status: 500, body: '' });
    expect(await planners.freeBusy!(deps, at(32))).toEqual({ due: 1, read: 0, failed: 1 });
    expect(await cache()).toEqual(['2025-03-05T09:00/10:00']);
    expect(await record()).toMatchObject({ fetched_at: at(16), checked_at: at(32), last_error: 'free/busy feed answered 500' });
    expect(await planners.freeBusy!(deps, at(40))).toEqual({ due: 0, read: 0, failed: 0 });

    // Slot finding reads the cache only: the old copy still counts, and the failure is reported.
    const { busy, feedErrors } = await busyTimes(store.db, [{ id: personId }], { start: at(0), end: at(7 * 24 * 60) });
    expect(busy.get(personId)!.map((b) => b.start.toISOString())).toEqual(['2025-03-05T09:00:00.000Z']);
    expect(feedErrors).toEqual([{ personId, error: 'free/busy feed answered 500' }]);

    feeds.set('/dana.ics', { status: 200, body: weekly });
    expect(await planners.freeBusy!(deps, at(48))).toEqual({ due: 1, read: 1, failed: 0 });
    expect((await record()).last_error).toBeNull();
  });

  it('drops the copy when the feed is changed or removed', async () => {
    feeds.set('/other.ics', { status: 404, body: '' });
    expect(await setFreeBusyFeed(deps, personId, server.url('/other.ics'))).toEqual({ due: 1, read: 0, failed: 1 });
    expect(await cache()).toEqual([]);
    expect(await setFreeBusyFeed(deps, personId, null)).toBeNull();
    expect(await store.db.selectFrom('person_calendars').selectAll().where('person_id', '=', personId).execute()).toEqual([]);
  });
});
