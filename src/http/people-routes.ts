// GET/PATCH /api/people/:email: a person's time zone, working hours and free/busy feed (meetings). Behind
// the admin token like the rest of /api (mounted after the auth middleware in app.ts). Setting a feed
// reads it at once, after the change has committed (never inside a transaction); its outcome is in the
// answer (freebusy.last_error), and the tick keeps it fresh from then on (coordinate/free-busy.ts).
import type { Hono } from 'hono';
import { z } from 'zod';
import { syncFreeBusyFeeds } from '../coordinate/free-busy.js';
import type { Deps } from '../deps.js';
import { canonicalAddress } from '../domain/address.js';
import { parseHhMm } from '../domain/slots.js';
import { isValidZone } from '../domain/time-zone.js';
import { CoordinatorError } from '../errors.js';
import { setFreeBusyUrl } from '../store/meetings.js';
import { findPersonByEmail, upsertPerson } from '../store/people.js';
import type { Database, Person } from '../store/schema.js';
import type { Kysely } from 'kysely';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM, e.g. 09:00');

export const personPatch = z
  .object({
    time_zone: z.string().max(64).refine(isValidZone, 'must be an IANA time zone name, e.g. Europe/Berlin').nullable(),
    work_start: hhmm,
    work_end: hhmm,
    work_days: z
      .array(z.number({ error: 'must be a list of ISO weekdays (1 = Monday … 7 = Sunday)' }).int().min(1).max(7), { error: 'must be a list of ISO weekdays (1 = Monday … 7 = Sunday)' })
      .min(1, 'must name at least one day')
      .refine((d) => new Set(d).size === d.length, 'must not repeat a day'),
    freebusy_url: z
      .string()
      .max(2000)
      .url('must be a URL')
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http or https URL')
      .nullable(),
  })
  .partial()
  .strict();

function emailParam(raw: string): string {
  const email = canonicalAddress(raw);
  if (!email) throw new CoordinatorError('INVALID_INPUT', 'email: not a valid email address');
  return email;
}

async function personJson(db: Kysely<Database>, p: Person) {
  const feed = await db.selectFrom('person_calendars').selectAll().where('person_id', '=', p.id).executeTakeFirst();
  const count = feed ? await db.selectFrom('busy_intervals').select((eb) => eb.fn.countAll<number>().as('n')).where('person_id', '=', p.id).executeTakeFirstOrThrow() : null;
  return {
    email: p.email,
    name: p.display_name,
    time_zone: p.time_zone,
    time_zone_source: p.time_zone_source,
    work_start: p.work_start,
    work_end: p.work_end,
    work_days: p.work_days.split(',').map(Number).filter((d) => d >= 1 && d <= 7),
    freebusy: feed
      ? { url: feed.freebusy_url, checked_at: feed.checked_at, fetched_at: feed.fetched_at, covered_until: feed.covered_until, last_error: feed.last_error, busy_intervals: Number(count!.n) }
      : null,
  };
}

export function mountPeopleRoutes(app: Hono, deps: Deps): void {
  const { db } = deps;

  app.get('/api/people/:email', async (c) => {
    const person = await findPersonByEmail(db, emailParam(c.req.param('email')));
    if (!person) throw new CoordinatorError('NOT_FOUND', 'no such person');
    return c.json({ person: await personJson(db, person) });
  });

  // Creates the person when they are not known yet, so calendars can be set up before their first mail.
  app.patch('/api/people/:email', async (c) => {
    const email = emailParam(c.req.param('email'));
    const body = personPatch.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) {
      const message = body.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.code === 'invalid_type' ? 'body must be a JSON object' : i.message)).join('; ');
      throw new CoordinatorError('INVALID_INPUT', message);
    }
    const patch = body.data;
    const now = deps.clock.now();
    const person = await db.transaction().execute(async (trx) => {
      const p = await upsertPerson(trx, { email }, now);
      const start = patch.work_start ?? p.work_start;
      const end = patch.work_end ?? p.work_end;
      if (parseHhMm(start) >= parseHhMm(end)) throw new CoordinatorError('INVALID_INPUT', `work_start (${start}) must be before work_end (${end})`);
      const updated = await trx
        .updateTable('people')
        .set({
          ...(patch.time_zone !== undefined && { time_zone: patch.time_zone, time_zone_source: patch.time_zone === null ? null : ('set' as const) }),
          ...(patch.work_start !== undefined && { work_start: patch.work_start }),
          ...(patch.work_end !== undefined && { work_end: patch.work_end }),
          ...(patch.work_days !== undefined && { work_days: [...patch.work_days].sort((a, b) => a - b).join(',') }),
          updated_at: now,
        })
        .where('id', '=', p.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (patch.freebusy_url !== undefined) await setFreeBusyUrl(trx, p.id, patch.freebusy_url, now);
      return updated;
    });
    if (patch.freebusy_url) await syncFreeBusyFeeds(deps, now, { personIds: [person.id], force: true }); // after the commit
    return c.json({ person: await personJson(db, person) });
  });
}
