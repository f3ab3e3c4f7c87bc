// Mail a person asked for (the confirmation of a change their own command made, the answer to their
// `status` or `help`) is marked by what it answers, so the circuit breaker lets it through at a person's
// pace instead of counting it as a loop (see `breaker` in queue-email.ts).
import { createHash } from 'node:crypto';
import type { ParsedEmail } from '../parse/types.js';
import type { OutboxRow, Person } from '../store/schema.js';
import type { HandlerInput } from './inbound-handlers.js';

/** True unless COMMAND_AUTH=dmarc and the verdict for this message is not a DMARC pass aligned with From. */
export function senderAuthenticated(ctx: { input: HandlerInput }): boolean {
  const auth = ctx.input.senderAuth;
  return !auth || auth.policy !== 'dmarc' || auth.authenticated;
}

/**
 * The outbox context that marks an answer as asked for, by what it answers: only through the sender's own
 * reply token (the message answered was sent to them), from an authenticated sender, and never when the reply carries our own words back (an echo
 * is a machine's answer, not a person's). Empty otherwise: the answer then meets the loop caps.
 */
export function askedFor(
  ctx: { input: HandlerInput; viaToken: boolean; sender: Person | undefined; email: ParsedEmail; replied: OutboxRow | undefined },
  what: string,
): { requested?: string } {
  if (!ctx.viaToken || !ctx.sender || !addressedTo(ctx.replied, ctx.sender.email) || !senderAuthenticated(ctx) || echoes(ctx.email.newText, ctx.replied?.text ?? '')) return {};
  return { requested: createHash('sha256').update(what).digest('base64url').slice(0, 22) };
}

/** True when the new text repeats a line of the message it answers (a line long enough to be ours). */
function echoes(newText: string, ours: string): boolean {
  const lines = new Set(ours.split('\n').map((l) => l.trim()).filter((l) => l.length >= 20));
  return newText.split('\n').some((l) => lines.has(l.trim()));
}

/** True when our message went to this address (its token is theirs, not one forwarded to them). */
function addressedTo(row: OutboxRow | undefined, address: string): boolean {
  const to: unknown = typeof row?.to === 'string' ? JSON.parse(row.to) : row?.to;
  return Array.isArray(to) && to.some((a) => String(a).toLowerCase() === address.toLowerCase());
}
