// The shape of what the understanding engines produce: `../shared/eval/CONTRACT.md`, as a zod schema so
// that every engine (rules now, LLM later) is validated against the same definition.
import { z } from 'zod';

export const kinds = ['brief', 'thread', 'reply', 'auto_reply', 'bounce', 'calendar_reply', 'command', 'other'] as const;
export const commandActions = [
  'done', 'blocked', 'snooze', 'reschedule', 'reassign', 'decline', 'progress', 'unsubscribe', 'status', 'help',
] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const taskSchema = z.object({
  title: z.string().min(1),
  owner: z.string().nullable(), // an email address, a bare name as written, or null
  due: isoDate.nullable(),
  // Not part of the scored contract (`coordinator parse` leaves them out): how sure the engine is that this
  // is a task (0..1), and the words it was read from, so the product can ask before acting on a guess.
  confidence: z.number().min(0).max(1).optional(),
  evidence: z.string().optional(),
});

export const meetingSchema = z.object({
  title: z.string(),
  attendees: z.array(z.string()),
  duration_minutes: z.number().int().positive(),
  not_before: isoDate.nullable(),
  not_after: isoDate.nullable(),
});

export const commandSchema = z.object({
  action: z.enum(commandActions),
  reason: z.string().nullable(),
  due: isoDate.nullable(),
  owner: z.string().nullable(),
  // Not part of the scored contract: which numbered items of a batched nudge/digest the command names
  // ("done 1 and 3" → [1, 3]; "all done" → 'all'). Absent means "the task this reply is about".
  items: z.union([z.array(z.number().int().positive()), z.literal('all')]).optional(),
});

export const understandingSchema = z.object({
  kind: z.enum(kinds),
  text: z.string(),
  project: z.object({ name: z.string() }).nullable(),
  tasks: z.array(taskSchema),
  meeting: meetingSchema.nullable(),
  command: commandSchema.nullable(),
});

export type Kind = (typeof kinds)[number];
export type CommandAction = (typeof commandActions)[number];
export type ExtractedTask = z.infer<typeof taskSchema>;
export type MeetingRequest = z.infer<typeof meetingSchema>;
export type Command = z.infer<typeof commandSchema>;
export type Understanding = z.infer<typeof understandingSchema>;

/** The contract's own shape: what `coordinator parse` prints, without the engine's internal fields. */
export function contractView(u: Understanding): Understanding {
  return { ...u, tasks: u.tasks.map(({ title, owner, due }) => ({ title, owner, due })) };
}
