// tick(now): all scheduled work due at an instant. The job runner calls it on an interval, the manual
// clock calls it when moved, and `coordinator tick --now` calls it from outside — the same code each time.
import type { CoordinateDeps } from './context.js';
import { planners } from './scheduled.js';

export interface TickResult {
  now: string;
  requeued: number; // outbox rows found queued without a live job (e.g. after a crash or restore)
  planned: Record<string, Record<string, number>>; // per planner, what it queued
}

export async function tick(deps: CoordinateDeps, now: Date = deps.clock.now()): Promise<TickResult> {
  const planned: TickResult['planned'] = {};
  for (const [name, plan] of Object.entries(planners)) {
    try {
      planned[name] = await plan(deps, now);
    } catch (err) {
      deps.log.error({ err, planner: name }, 'scheduled work failed'); // one planner's failure doesn't stop the others
      planned[name] = { failed: 1 };
    }
  }
  // Re-offer queued outbox rows whose send job is gone: the job table can be cleared or expire, the outbox
  // is the record. A row that is already being sent is protected by its lease (claimOutbox).
  const stale = await deps.db
    .selectFrom('outbox')
    .select('id')
    .where('status', 'in', ['queued', 'sending'])
    .where('updated_at', '<', new Date(now.getTime() - 15 * 60_000))
    .limit(500)
    .execute();
  if (stale.length) {
    await deps.db.transaction().execute(async (trx) => {
      for (const r of stale) await deps.queue.enqueue(trx, 'outbox-send', { outboxId: r.id });
    });
  }
  return { now: now.toISOString(), requeued: stale.length, planned };
}
