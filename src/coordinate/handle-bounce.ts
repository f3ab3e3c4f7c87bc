// Bounces and complaints that arrive as mail (LOOP-8/9). A report is attributed only through the
// Message-ID of a message we sent (in the returned original, or in References) and only to an address
// that message went to: the human-readable text is never read and nothing is guessed.
import { canonicalAddress } from '../domain/address.js';
import { isPermanent, readReport } from '../inbound/dsn.js';
import { outboxByMessageIds, recordSuppression } from '../store/suppressions.js';
import type { HandlerInput, InboundHandler } from './inbound-handlers.js';

async function reportAndRow(deps: Parameters<InboundHandler>[0], input: HandlerInput) {
  const row = await deps.db.selectFrom('inbound_messages').select('raw').where('id', '=', input.inboundId).executeTakeFirstOrThrow();
  const facts = await readReport(Buffer.from(row.raw));
  const referenced = [...facts.originalMessageIds, ...(input.email.inReplyTo ? [input.email.inReplyTo] : []), ...input.email.references];
  const sent = await outboxByMessageIds(deps.db, { messageIds: referenced });
  const recipients = sent ? [...(sent.to as string[]), ...(sent.cc as string[])].map((a) => canonicalAddress(a)).filter((a): a is string => !!a) : [];
  return { facts, sent, recipients };
}

export const handleBounce: InboundHandler = async (deps, input) => {
  const { facts, sent, recipients } = await reportAndRow(deps, input);
  if (!sent) return { note: 'bounce not attributed: it references no message of ours' };
  if (!facts.recipients.length) return { note: `bounce of outbox #${sent.id} without a delivery-status report: nothing suppressed` };
  const done: string[] = [];
  for (const r of facts.recipients) {
    const address = [r.originalRecipient, r.finalRecipient].find((a) => a && recipients.includes(a));
    if (!address) {
      done.push(`${r.finalRecipient ?? '?'} was not a recipient of outbox #${sent.id}`);
      continue;
    }
    const kind = isPermanent(r) ? 'hard_bounce' : 'soft_bounce';
    const detail = [r.action, r.status, r.diagnostic].filter(Boolean).join(' ').slice(0, 300);
    await recordSuppression(deps.db, { email: address, kind, source: 'dsn', detail, outboxId: sent.id, inboundId: input.inboundId }, deps.clock.now());
    done.push(`${kind === 'hard_bounce' ? 'suppressed' : 'soft bounce'} ${address} (${r.status ?? r.action})`);
  }
  return { note: done.join('; ') };
};

export const handleComplaint: InboundHandler = async (deps, input) => {
  const { facts, sent, recipients } = await reportAndRow(deps, input);
  if (!sent) return { note: 'complaint not attributed: it references no message of ours' };
  let who = facts.complainedRecipients.filter((a) => recipients.includes(a));
  // ARF reports often redact the address; the Message-ID still names one message, and if that went to
  // one person the complaint is theirs.
  if (!who.length && recipients.length === 1) who = recipients;
  if (!who.length) return { note: `complaint about outbox #${sent.id} names none of its recipients` };
  for (const email of who) {
    await recordSuppression(deps.db, { email, kind: 'complaint', source: 'arf', detail: facts.feedbackType, outboxId: sent.id, inboundId: input.inboundId }, deps.clock.now());
  }
  return { note: `complaint: no more non-essential mail to ${who.join(', ')}` };
};
