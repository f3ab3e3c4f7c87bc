// Decides whether a message may be answered at all, before any understanding happens.
import type { ParsedEmail } from '../parse/types.js';
import type { Identity } from './context.js';

export type Silence =
  | { reason: 'own_mail'; detail: string } // LOOP-6: our own mail came back
  | { reason: 'automated'; detail: string } // LOOP-1..3, LOOP-8/9: a machine wrote it
  | { reason: 'loop_suspected'; detail: string }; // LOOP-7: too many hops or references

export function silenceReason(email: ParsedEmail, envelopeFrom: string | null, id: Identity): Silence | null {
  const ours = (a: string | null | undefined) => !!a && (a === id.address || a.endsWith(`@${id.domain}`) && /^(reply\+|coordinator(\+|@))/.test(a));
  if (ours(email.from?.address) || ours(envelopeFrom)) return { reason: 'own_mail', detail: `from ${email.from?.address ?? envelopeFrom}` };
  if ((email.headers['x-coordinator-loop'] ?? []).some((v) => v.trim() === id.instanceId)) {
    return { reason: 'own_mail', detail: 'carries our loop marker' };
  }
  if (email.automated) return { reason: 'automated', detail: `${email.automated.kind}: ${email.automated.reason}` };
  if (envelopeFrom === '') return { reason: 'automated', detail: 'null reverse-path' };
  if ((email.headers['received'] ?? []).length > 100) return { reason: 'loop_suspected', detail: 'more than 100 Received fields' };
  if (email.references.length > 100) return { reason: 'loop_suspected', detail: 'more than 100 References' };
  return null;
}
