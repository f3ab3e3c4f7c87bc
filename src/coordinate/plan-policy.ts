// When Coordinator trusts what it read from a brief, and when it asks first. One place for the numbers:
// how sure a task must be to start a project at once, how many tasks one brief may create, and what
// confidence a task gets when the engine did not say.
import type { ExtractedTask, Understanding } from '../understand/contract.js';

export const planPolicy = {
  /** A task read with less confidence than this puts the whole plan to the sender before anything starts. */
  confidenceThreshold: 0.6,
  /**
   * The most tasks one brief (or one corrected list) creates. A brief is a plan for people, not a data
   * import: past this the rest are left out, and the plan reply says how many and why.
   */
  maxTasksPerBrief: 100,
  /**
   * The confidence of a task whose engine gave none: a task with an owner or a due date was clearly
   * meant as one; a bare line with neither may just be a sentence that looked like a task.
   */
  assumedConfidence: { withOwnerOrDue: 1, bare: 0.5 },
} as const;

export function confidenceOf(t: ExtractedTask): number {
  if (typeof t.confidence === 'number') return t.confidence;
  return t.owner || t.due ? planPolicy.assumedConfidence.withOwnerOrDue : planPolicy.assumedConfidence.bare;
}

export const isUnsure = (t: ExtractedTask) => confidenceOf(t) < planPolicy.confidenceThreshold;

export interface PlanDecision {
  /** The tasks the project gets, in the brief's order (at most maxTasksPerBrief). */
  kept: ExtractedTask[];
  /** How many tasks past the cap were left out. */
  leftOut: number;
  /** True when the sender must confirm before anything is nudged, digested or sent to anyone else. */
  needsConfirmation: boolean;
}

/**
 * No tasks (and no meeting to set up either), or any task below the threshold: ask. A brief that only
 * asks for a meeting is understood well enough; its invitations are the point of it.
 */
export function decidePlan(u: Pick<Understanding, 'tasks' | 'meeting'>): PlanDecision {
  const kept = u.tasks.slice(0, planPolicy.maxTasksPerBrief);
  const leftOut = u.tasks.length - kept.length;
  const needsConfirmation = (!kept.length && !u.meeting) || kept.some(isUnsure);
  return { kept, leftOut, needsConfirmation };
}
