// Scheduled work that tick(now) runs, one entry per feature (nudges, digests, meeting follow-ups...).
// Each planner must be idempotent for a given instant: running it twice enqueues nothing new (REL-3).
import type { CoordinateDeps } from './context.js';

export type Planner = (deps: CoordinateDeps, now: Date) => Promise<Record<string, number>>;

export const planners: Record<string, Planner> = {};
