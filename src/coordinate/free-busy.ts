// When attendees are busy: meetings Coordinator already holds for them, plus the busy times of each
// person's free/busy feed (an ICS URL) when one is configured.
//
// Feeds are never read while a message is being processed (that would hold the inbound transaction —
// and on embedded PGlite, the only connection — across network I/O). A sync reads them instead, outside
// any transaction: the freeBusy planner on every tick, and at once when a person's feed is set. It reads
// each due feed (a few at a time, each with the fetcher's time and size limits), expands its busy times
// (recurrences included) for the next FREEBUSY_HORIZON_DAYS, and replaces that person's cached intervals
// in one short transaction. Slot finding reads only that cache.
//
// Staleness rule: a feed is read again once its last attempt is FREEBUSY_REFRESH_MINUTES old (default 15),
// so a decision sees a calendar at most that old plus one tick. A feed that fails keeps its last good
// copy (still used: an old calendar beats none) and is retried on the same schedule; the failure is
// recorded as last_error. A feed never read yet, and time beyond the copy's covered_until, count as free:
// the scheduling then rests on the meetings we hold. busyTimes reports such feeds in feedErrors.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import { busyFromIcs, MAX_ICS_BYTES } from '../domain/icalendar-read.js';
import { readCapped } from '../domain/read-capped.js';
import type { Interval } from '../domain/slots.js';
import { cachedBusy, dueFeeds, freeBusyFeeds, heldTimes, recordFeedError, replaceBusyIntervals, setFreeBusyUrl, type DueFeed } from '../store/meetings.js';
import type { Database, Person } from '../store/schema.js';
import type { CoordinateDeps } from './context.js';

export type FreeBusyFetcher = (url: string) => Promise<string>;

/**
 * The fetch deps.ts wires in: http(s) only, a time limit and a size limit (MIME-2's spirit for feeds).
 * A feed URL is whatever a person typed, so it must not turn the service into a way into its own network:
 * unless FREEBUSY_ALLOW_PRIVATE is set, a host that resolves to a loopback, link-local or private address
 * is refused, and so is every redirect to one (each hop is checked; at most 3 are followed).
 */
export function httpFreeBusyFetcher(o: { timeoutMs?: number; maxBytes?: number; fetch?: typeof fetch; allowPrivate?: boolean; lookup?: (host: string) => Promise<string[]> } = {}): FreeBusyFetcher {
  const { timeoutMs = 5_000, maxBytes = MAX_ICS_BYTES, fetch: f = fetch, allowPrivate = false, lookup = resolveAll } = o;
  return async (url) => {
    let u = new URL(url);
    let res: Response;
    for (let hop = 0; ; hop++) {
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`unsupported free/busy URL scheme ${u.protocol}`);
      if (!allowPrivate) {
        const bad = (await lookup(u.hostname.replace(/^\[|\]$/g, ''))).find(isPrivateAddress);
        if (bad) throw new Error(`free/busy feed host ${u.hostname} is a private address (${bad}); set FREEBUSY_ALLOW_PRIVATE=true to allow feeds on your own network`);
      }
      res = await f(u, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual', headers: { accept: 'text/calendar' } });
      const next = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      if (!next) break;
      if (hop >= 3) throw new Error('free/busy feed redirected more than 3 times');
      u = new URL(next, u);
    }
    if (!res.ok) throw new Error(`free/busy feed answered ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw new Error('free/busy feed too large');
    const body = await readCapped(res.body, maxBytes);
    if (!body) throw new Error('free/busy feed too large');
    return Buffer.from(body).toString('utf8');
  };
}

export interface BusyTimes {
  busy: Map<number, Interval[]>; // person id → busy intervals overlapping the window
  feedErrors: { personId: number; error: string }[]; // feeds whose copy is missing or whose last read failed
}

/** Busy times from the database only: meetings we hold and the feed cache. No network. */
export async function busyTimes(db: Kysely<Database>, people: Pick<Person, 'id'>[], window: Interval, o: { excludeMeetingId?: number | null } = {}): Promise<BusyTimes> {
  const ids = people.map((p) => p.id);
  const busy = new Map<number, Interval[]>(ids.map((id) => [id, []]));
  for (const h of await heldTimes(db, ids, o.excludeMeetingId ?? null)) {
    if (h.start_at && h.end_at) busy.get(h.person_id)!.push({ start: new Date(h.start_at), end: new Date(h.end_at) });
  }
  for (const b of await cachedBusy(db, ids, window)) busy.get(b.person_id)!.push({ start: new Date(b.start_at), end: new Date(b.end_at) });
  const feedErrors: BusyTimes['feedErrors'] = [];
  for (const f of await freeBusyFeeds(db, ids)) {
    if (f.last_error) feedErrors.push({ personId: f.person_id, error: f.last_error });
    else if (!f.fetched_at) feedErrors.push({ personId: f.person_id, error: 'not read yet' });
  }
  return { busy, feedErrors };
}

export interface FreeBusySettings {
  refreshMinutes: number; // a feed is read again once its last attempt is this old
  horizonDays: number; // how far ahead busy times are kept
  concurrency: number; // feeds read at the same time
  maxFeedsPerRun: number; // bound on one sync's work; the rest are read on the next ticks
  fallbackZone: string; // for floating times of a person with no zone
}

export const defaultFreeBusySettings: FreeBusySettings = { refreshMinutes: 15, horizonDays: 30, concurrency: 4, maxFeedsPerRun: 200, fallbackZone: 'UTC' };

/** The sync settings from the service config when the deps carry it (deps.ts), else the defaults. */
export function freeBusySettings(deps: CoordinateDeps): FreeBusySettings {
  const config = (deps as CoordinateDeps & { config?: { defaultTimeZone?: string; freeBusy?: Partial<FreeBusySettings> } }).config;
  return { ...defaultFreeBusySettings, ...config?.freeBusy, fallbackZone: config?.defaultTimeZone ?? defaultFreeBusySettings.fallbackZone };
}

/** Merges overlapping or touching intervals (a feed's recurring events often abut). */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.start.getTime() - b.start.getTime());
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) {
      if (i.end > last.end) last.end = i.end;
    } else out.push({ start: i.start, end: i.end });
  }
  return out;
}

export interface SyncResult {
  due: number;
  read: number;
  failed: number;
}

/**
 * Reads due feeds and refreshes their cached busy times (planners.freeBusy; also right after a feed is
 * set). Must not be called inside a transaction: the reads happen between short ones.
 */
export async function syncFreeBusyFeeds(
  deps: Pick<CoordinateDeps, 'db' | 'log' | 'fetchFreeBusy'>,
  now: Date,
  o: { personIds?: number[]; force?: boolean; settings?: FreeBusySettings } = {},
): Promise<SyncResult> {
  const settings = o.settings ?? freeBusySettings(deps as CoordinateDeps);
  const feeds = await dueFeeds(deps.db, {
    staleBefore: new Date(now.getTime() - settings.refreshMinutes * 60_000),
    limit: settings.maxFeedsPerRun,
    personIds: o.personIds,
    force: o.force,
  });
  const result: SyncResult = { due: feeds.length, read: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < feeds.length) {
      const ok = await syncFeed(deps, feeds[next++]!, now, settings);
      if (ok) result.read++;
      else result.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, feeds.length) }, worker));
  return result;
}

async function syncFeed(deps: Pick<CoordinateDeps, 'db' | 'log' | 'fetchFreeBusy'>, feed: DueFeed, now: Date, settings: FreeBusySettings): Promise<boolean> {
  const window = { start: now, end: new Date(now.getTime() + settings.horizonDays * 86_400_000) };
  let intervals: Interval[];
  try {
    if (!deps.fetchFreeBusy) throw new Error('no free/busy fetcher configured');
    const text = await deps.fetchFreeBusy(feed.freebusy_url); // outside any transaction
    intervals = mergeIntervals(busyFromIcs(text, window, feed.time_zone ?? settings.fallbackZone));
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    deps.log.warn({ person: feed.person_id, error }, 'free/busy feed not read');
    await recordFeedError(deps.db, feed.person_id, feed.freebusy_url, error, now);
    return false;
  }
  await deps.db.transaction().execute((trx) => replaceBusyIntervals(trx, feed.person_id, feed.freebusy_url, intervals, { now, coveredUntil: window.end }));
  return true;
}

/** Sets (or removes) a person's feed and, when set, reads it at once. Not inside a transaction. */
export async function setFreeBusyFeed(deps: Pick<CoordinateDeps, 'db' | 'log' | 'fetchFreeBusy' | 'clock'>, personId: number, url: string | null): Promise<SyncResult | null> {
  const now = deps.clock.now();
  await deps.db.transaction().execute((trx) => setFreeBusyUrl(trx, personId, url, now));
  return url === null ? null : syncFreeBusyFeeds(deps, now, { personIds: [personId], force: true });
}

async function resolveAll(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  return (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

/** Loopback, link-local, private, unspecified, CGNAT and unique-local addresses (IPv4, IPv6, IPv4-mapped). */
export function isPrivateAddress(address: string): boolean {
  let a = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1]!;
  if (isIP(a) === 4) {
    const [x, y] = a.split('.').map(Number) as [number, number];
    return x === 0 || x === 10 || x === 127 || (x === 169 && y === 254) || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 100 && y >= 64 && y <= 127) || x >= 224;
  }
  return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || /^ff/.test(a);
}
