// When attendees are busy: meetings Coordinator already holds for them, plus each person's free/busy
// feed (an ICS URL) when one is configured. A feed that cannot be read costs that person's busy times
// for this decision, not the whole scheduling; the result says whose feed failed.
import type { Kysely } from 'kysely';
import { busyFromIcs, MAX_ICS_BYTES } from '../domain/icalendar-read.js';
import type { Interval } from '../domain/slots.js';
import { freeBusyUrls, heldTimes } from '../store/meetings.js';
import type { Database, Person } from '../store/schema.js';
import type { CoordinateDeps } from './context.js';

export type FreeBusyFetcher = (url: string) => Promise<string>;

/** The fetch deps.ts wires in: http(s) only, a time limit and a size limit (MIME-2's spirit for feeds). */
export function httpFreeBusyFetcher(o: { timeoutMs?: number; maxBytes?: number; fetch?: typeof fetch } = {}): FreeBusyFetcher {
  const { timeoutMs = 5_000, maxBytes = MAX_ICS_BYTES, fetch: f = fetch } = o;
  return async (url) => {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`unsupported free/busy URL scheme ${u.protocol}`);
    const res = await f(u, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow', headers: { accept: 'text/calendar' } });
    if (!res.ok) throw new Error(`free/busy feed answered ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw new Error('free/busy feed too large');
    const reader = res.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new Error('free/busy feed too large');
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  };
}

export interface BusyTimes {
  busy: Map<number, Interval[]>; // person id → busy intervals overlapping the window
  feedErrors: { personId: number; error: string }[];
}

export async function busyTimes(
  deps: Pick<CoordinateDeps, 'fetchFreeBusy' | 'log'>,
  db: Kysely<Database>,
  people: Person[],
  window: Interval,
  o: { excludeMeetingId?: number | null; fallbackZone: string },
): Promise<BusyTimes> {
  const ids = people.map((p) => p.id);
  const busy = new Map<number, Interval[]>(ids.map((id) => [id, []]));
  for (const h of await heldTimes(db, ids, o.excludeMeetingId ?? null)) {
    if (h.start_at && h.end_at) busy.get(h.person_id)!.push({ start: new Date(h.start_at), end: new Date(h.end_at) });
  }
  const feedErrors: BusyTimes['feedErrors'] = [];
  const feeds = await freeBusyUrls(db, ids);
  for (const feed of feeds) {
    const person = people.find((p) => p.id === feed.person_id)!;
    if (!deps.fetchFreeBusy) {
      feedErrors.push({ personId: person.id, error: 'no free/busy fetcher configured' });
      continue;
    }
    try {
      const text = await deps.fetchFreeBusy(feed.freebusy_url);
      busy.get(person.id)!.push(...busyFromIcs(text, window, person.time_zone ?? o.fallbackZone));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      feedErrors.push({ personId: person.id, error });
      deps.log.warn({ person: person.id, error }, 'free/busy feed not read');
    }
  }
  return { busy, feedErrors };
}
