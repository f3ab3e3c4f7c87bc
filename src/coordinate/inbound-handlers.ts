// What a processed message leads to, by kind. Each handler runs inside the transaction that also marks
// the message processed, so its effects and that mark commit together (or not at all).
import type { Kysely } from 'kysely';
import type { ParsedEmail } from '../parse/types.js';
import type { Database } from '../store/schema.js';
import type { Understanding } from '../understand/contract.js';
import type { SenderAuthVerdict } from './authenticate-sender.js';
import type { CoordinateDeps } from './context.js';
import type { ThreadContext } from './process-inbound.js';

export interface HandlerInput {
  inboundId: number;
  email: ParsedEmail;
  envelopeFrom: string | null;
  thread: ThreadContext | null;
  senderZone: string;
  understanding: Understanding | null; // null for automated mail, which is never understood
  /** AUTH-3/AUTH-4: who really sent it, by channel; absent = not checked (COMMAND_AUTH=token behaviour). */
  senderAuth?: SenderAuthVerdict;
  /** A reply to a draft plan that is not a yes or a cancel, read as the corrected list (confirm-plan.ts). */
  planList?: Understanding | null;
}

export interface HandlerResult {
  projectId?: number | null;
  /** What happened, for the inbound row's record (e.g. "2 tasks recorded", "RSVP accepted"). */
  note?: string;
}

export type InboundHandler = (deps: CoordinateDeps & { db: Kysely<Database> }, input: HandlerInput) => Promise<HandlerResult>;
