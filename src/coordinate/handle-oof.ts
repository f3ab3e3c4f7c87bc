// LOOP-4: an out-of-office reply is never answered, never counts as a response and changes no task.
// It marks the person away until the return date it states (else for a default period), which pauses
// their nudges, and leaves one audit event. The stated date is capped (awayMaxDays) so that a typo
// cannot silence someone for a year.
import { DateTime } from 'luxon';
import { localInstant, workingDayOnOrAfter, workingHours } from '../domain/working-time.js';
import { addPersonEvent, getNudgePolicy } from '../store/follow-through.js';
import { findPersonByEmail } from '../store/people.js';
import { findDates, makeDateCtx } from '../understand/dates.js';
import { inferDayFirst } from '../understand/index.js';
import type { InboundHandler } from './inbound-handlers.js';

const RETURN = /\b(?:back|return(?:ing)?|zurück|wieder (?:da|im büro|erreichbar)|de retour|retour|de regreso|regreso|de volta|volta|terug)\b/i;
const UNTIL = /\b(?:until|till|through|thru|up to and including|bis|einschließlich|jusqu'(?:au|à)|hasta|até|fino al|tot en met|tot)\b/i;

/** The local date the person is back, from the text of an out-of-office reply, or null. */
export function returnDate(text: string, today: DateTime, dayFirst: boolean): string | null {
  const ctx = { today, dayFirst };
  let best: string | null = null;
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    const back = RETURN.test(sentence);
    const until = UNTIL.test(sentence);
    if (!back && !until) continue;
    const dates = findDates(sentence, ctx).map((f) => f.date).filter((d): d is string => !!d && d >= today.toISODate()!);
    if (!dates.length) continue;
    const last = dates.sort().at(-1)!;
    // "back on Monday" names the first day back; "until / up to and including Monday" the last day away.
    const resume = back && !/\b(?:until|bis|through|including|einschließlich)\b.*\bback\b/i.test(sentence) && !until ? last : DateTime.fromISO(last).plus({ days: 1 }).toISODate()!;
    if (!best || resume > best) best = resume;
  }
  return best;
}

export const handleOutOfOffice: InboundHandler = async (deps, input) => {
  const { email } = input;
  const projectId = input.thread?.projectId ?? null;
  const person = email.from ? await findPersonByEmail(deps.db, email.from.address) : undefined;
  if (!person) return { projectId, note: 'out-of-office from someone we do not know' };
  const now = deps.clock.now();
  const policy = await getNudgePolicy(deps.db);
  const zone = person.time_zone ?? input.senderZone;
  const hours = workingHours(person);
  const ctx = makeDateCtx(now, zone, inferDayFirst(email));
  const stated = returnDate(email.text, ctx.today, ctx.dayFirst);
  const cap = new Date(now.getTime() + policy.awayMaxDays * 86_400_000);
  let until = stated ? localInstant(workingDayOnOrAfter(stated, hours.days), hours.start, zone) : new Date(now.getTime() + policy.awayDefaultDays * 86_400_000);
  if (until > cap) until = cap;
  if (until <= now) return { projectId, note: 'out-of-office with a return date already past' };
  await deps.db.updateTable('people').set({ away_until: until, updated_at: now }).where('id', '=', person.id).execute();
  await addPersonEvent(deps.db, { personId: person.id, kind: 'away', inboundId: input.inboundId, data: { until: until.toISOString(), stated_return: stated, rule: email.automated?.reason ?? null } }, now);
  return { projectId, note: `out of office: nudges to ${person.email} paused until ${until.toISOString()}` };
};
