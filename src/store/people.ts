// People: known by address, with a display name and an IANA time zone.
import { type Kysely, sql } from 'kysely';
import type { Database, Person } from './schema.js';

type Db = Kysely<Database>;

export interface PersonInput {
  email: string; // canonical (see domain/address.ts)
  name?: string;
  timeZone?: string | null; // learned from a Date header: applied only while none is set
}

/** Creates or refreshes a person: fills in a missing display name and a missing time zone. */
export async function upsertPerson(db: Db, p: PersonInput, now: Date): Promise<Person> {
  const row = await db
    .insertInto('people')
    .values({
      email: p.email,
      display_name: p.name ?? '',
      time_zone: p.timeZone ?? null,
      time_zone_source: p.timeZone ? 'date_header' : null,
      unsubscribed_at: null,
      suppressed_at: null,
      suppressed_reason: null,
      away_until: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({
        display_name: sql<string>`coalesce(nullif(people.display_name, ''), excluded.display_name)`,
        time_zone: sql<string | null>`coalesce(people.time_zone, excluded.time_zone)`,
        time_zone_source: sql<'date_header' | 'set' | null>`coalesce(people.time_zone_source, excluded.time_zone_source)`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return row;
}

export function findPersonByEmail(db: Db, email: string): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export function getPeople(db: Db, ids: number[]): Promise<Person[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('people').selectAll().where('id', 'in', ids).execute();
}
