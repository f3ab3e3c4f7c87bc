// The nudge planner: at an instant, for every person with open dated tasks, work out in *their* zone and
// working hours whether any task is in a nudge slot today (due today, first working day overdue, then
// every N working days; lead copied from the Mth), and if so queue ONE email for the day that batches
// all of them, numbered. Idempotent per (person, local date) and per (task, slot): running it twice, or
// in two processes at once, queues nothing new (REL-3).
import { localInstant, localMoment, nudgeSlot, workingHours, type NudgePolicy } from '../domain/working-time.js';
import { composeNudge, type NudgeItem } from '../outbound/nudge.js';
import { claimNudgeDay, getNudgePolicy, nudgeCandidates, nudgedOn, nudgedSlots, recordNudge, type NudgeCandidate } from '../store/follow-through.js';
import type { CoordinateDeps } from './context.js';
import { queueEmail } from './queue-email.js';
import type { Planner } from './scheduled.js';

interface Due {
  task: NudgeCandidate;
  slot: string;
  overdueWorkingDays: number;
  escalate: boolean;
}

/** What each owner would be nudged about at `now` (pure apart from the reads). */
export function dueNudges(tasks: NudgeCandidate[], now: Date, policy: NudgePolicy, fallbackZone: string, already: Set<string>) {
  const byOwner = new Map<number, { date: string; zone: string; notAfter: Date; items: Due[] }>();
  for (const t of tasks) {
    const zone = t.owner_zone ?? t.due_tz ?? fallbackZone;
    const hours = workingHours(t);
    const local = localMoment(now, zone, hours);
    if (!local.workingTime) continue;
    const due = String(t.due_date).slice(0, 10);
    const s = nudgeSlot(due, local.date, hours.days, policy);
    if (!s) continue;
    const slot = `${due}/${s.slot}`; // keyed by due date: a rescheduled task starts a fresh schedule
    if (already.has(`${t.id}|${slot}`)) continue;
    const entry = byOwner.get(t.owner_id) ?? { date: local.date, zone, notAfter: localInstant(local.date, hours.end, zone), items: [] };
    entry.items.push({ task: t, slot, overdueWorkingDays: s.overdueWorkingDays, escalate: s.escalate });
    byOwner.set(t.owner_id, entry);
  }
  return byOwner;
}

export async function planNudges(deps: CoordinateDeps, now: Date): Promise<Record<string, number>> {
  const policy = await getNudgePolicy(deps.db);
  const tasks = await nudgeCandidates(deps.db, now);
  const already = await nudgedSlots(deps.db, tasks.map((t) => t.id));
  const plan = dueNudges(tasks, now, policy, 'UTC', already);
  let queued = 0;
  let escalated = 0;
  let skipped = 0;
  for (const [ownerId, day] of plan) {
    if (await nudgedOn(deps.db, ownerId, day.date)) {
      skipped++; // one nudge email per person per day: the rest waits for the next slot
      continue;
    }
    const created = await deps.db.transaction().execute(async (trx) => {
      const claim = await claimNudgeDay(trx, ownerId, day.date, now);
      if (!claim) return false;
      const nudgeId = claim.id;
      const first = day.items[0]!.task;
      const items: NudgeItem[] = day.items.map((d, i) => ({
        number: i + 1,
        title: d.task.title,
        projectName: d.task.project_name,
        dueDate: String(d.task.due_date).slice(0, 10),
        overdueWorkingDays: d.overdueWorkingDays,
        escalated: d.escalate,
      }));
      const leads = new Map<string, string>();
      for (const d of day.items) {
        const t = d.task;
        if (d.escalate && t.lead_email && t.lead_id !== ownerId && !t.lead_unsubscribed_at && !t.lead_suppressed_at) leads.set(t.lead_email, t.lead_name ?? '');
      }
      const composed = composeNudge({ recipientName: first.owner_name, items, leadNames: [...leads.values()].map((n, i) => n || [...leads.keys()][i]!), unsubscribeHint: true, publicUrl: deps.identity.publicUrl });
      const { row } = await queueEmail(deps, trx, {
        kind: 'nudge',
        // a re-planned nudge (its predecessor was superseded before it was sent) needs a key of its own
        idempotencyKey: `nudge:${ownerId}:${day.date}${claim.revision ? `:r${claim.revision}` : ''}`,
        to: [{ name: first.owner_name, address: first.owner_email }],
        cc: [...leads].map(([address, name]) => ({ name, address })),
        subject: composed.subject,
        text: composed.text,
        html: composed.html,
        autoSubmitted: 'auto-generated',
        projectId: day.items.length === 1 || day.items.every((d) => d.task.project_id === first.project_id) ? first.project_id : null,
        taskId: day.items.length === 1 ? first.id : null,
        personId: ownerId,
        notAfter: day.notAfter, // REL-6: a nudge not sent by the end of the working day is dropped
        context: { items: day.items.map((d, i) => ({ n: i + 1, taskId: d.task.id })), localDate: day.date, zone: day.zone },
      });
      await recordNudge(trx, nudgeId, row.id, day.items.map((d) => ({ taskId: d.task.id, slot: d.slot, localDate: day.date, escalated: d.escalate && leads.size > 0 })));
      if (leads.size) escalated++;
      return true;
    });
    if (created) queued++;
    else skipped++;
  }
  return { queued, escalated, skipped };
}


