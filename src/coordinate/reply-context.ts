// What a reply's handling knows about the message and its sender, and the threaded confirmation every
// change by mail gets (what changed, how to `undo` it).
import type { Kysely } from 'kysely';
import { composeConfirmation } from '../outbound/confirmation.js';
import type { ParsedEmail } from '../parse/types.js';
import type { Database, OutboxRow, Person } from '../store/schema.js';
import { askedFor } from './asked-for.js';
import type { CoordinateDeps } from './context.js';
import type { HandlerInput } from './inbound-handlers.js';
import { answerInThread } from './reply-mail.js';

export interface Ctx {
  deps: CoordinateDeps & { db: Kysely<Database> };
  input: HandlerInput;
  email: ParsedEmail;
  now: Date;
  sender: Person | undefined;
  replied: OutboxRow | undefined;
  projectId: number | null;
  viaToken: boolean;
  zone: string;
}

export interface ItemRef {
  n: number;
  taskId: number;
}

/** What a confirmation answers; one message can need several (e.g. `unsubscribe` and `done 1`). */
type ConfirmTag = 'tasks' | 'unsubscribe' | 'undo' | 'decide';
/** Idempotency key of a confirmation: per inbound message AND per action, so one never swallows another. */
export const confirmKey = (inboundId: number, tag: ConfirmTag) => `confirm:${inboundId}:${tag}`;

export async function confirm(ctx: Ctx, r: { changed: string[]; unchanged: string[]; appliedId: number | null; intro?: string; taskId?: number | null; items?: ItemRef[]; tag: ConfirmTag }) {
  const composed = composeConfirmation({
    recipientName: ctx.sender?.display_name ?? '',
    originalSubject: ctx.email.subject || ctx.replied?.subject || '',
    changed: r.changed,
    unchanged: r.unchanged,
    undoable: !!r.appliedId,
    intro: r.intro,
  });
  await answerInThread(ctx.deps, ctx.deps.db, {
    kind: 'confirmation',
    key: confirmKey(ctx.input.inboundId, r.tag),
    email: ctx.email,
    to: { name: ctx.sender?.display_name ?? ctx.email.from!.name, address: ctx.sender?.email ?? ctx.email.from!.address },
    composed,
    inboundId: ctx.input.inboundId,
    projectId: ctx.projectId,
    taskId: r.taskId ?? null,
    personId: ctx.sender?.id ?? null,
    context: { commandId: r.appliedId, items: r.items ?? itemsOf(ctx.replied), ...(r.changed.length ? askedFor(ctx, `changed:${r.changed.join('\n')}`) : {}) },
  });
}

/**
 * The numbered items of the message being answered. Nudges and confirmations record them as a list of
 * {n, taskId}; digests as a map from the number shown to the task id ({"1": 12, "2": 40}).
 */
export function itemsOf(row: OutboxRow | undefined): ItemRef[] | undefined {
  const items = (row?.context as { items?: unknown } | undefined)?.items;
  if (Array.isArray(items)) return items as ItemRef[];
  if (items && typeof items === 'object') {
    return Object.entries(items as Record<string, unknown>)
      .filter(([n, id]) => /^\d+$/.test(n) && Number.isInteger(id))
      .map(([n, id]) => ({ n: Number(n), taskId: id as number }))
      .sort((a, b) => a.n - b.n);
  }
  return undefined;
}
