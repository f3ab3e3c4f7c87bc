// Scheduled work that tick(now) runs, one entry per feature (nudges, digests, meeting follow-ups...).
// Each planner must be idempotent for a given instant: running it twice enqueues nothing new (REL-3).
import type { CoordinateDeps } from './context.js';
import { syncFreeBusyFeeds } from './free-busy.js';
import { planNudges } from './nudges.js';
import { planDigests } from './plan-digests.js';

export type Planner = (deps: CoordinateDeps, now: Date) => Promise<Record<string, number>>;

export const planners: Record<string, Planner> = {
  nudges: planNudges, // follow-through: one batched nudge per person per local working day
  digests: (deps, now) => planDigests(deps, now), // issue 5: one digest per person per local day
  freeBusy: async (deps, now) => ({ ...(await syncFreeBusyFeeds(deps, now)) }), // meetings: refresh stale free/busy feeds, outside any transaction
};
