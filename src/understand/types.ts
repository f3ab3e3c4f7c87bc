import type { ParsedEmail } from '../parse/types.js';
import type { Understanding } from './contract.js';

export interface UnderstandContext {
  now: Date; // the clock's time (the CLI uses the Date header by default)
  timeZone: string; // IANA name, or a fixed offset like "UTC-05:00" when only the Date offset is known
  assistantAddresses: string[]; // our own addresses (coordinator@…, reply+token@…): never owners/attendees
  // What the service knows and the CLI doesn't; both optional so `coordinator parse` works with no DB.
  repliesToAssistant?: boolean; // In-Reply-To/References point at a message we sent (or carry our token)
  knownPeople?: { address: string; name: string }[]; // project participants, for resolving bare names
  knownTasks?: { number: number; title: string }[]; // tasks the reply may be about (numbered as in our mail)
}

export interface UnderstandingEngine {
  readonly name: string;
  understand(email: ParsedEmail, ctx: UnderstandContext): Promise<Understanding>;
}
