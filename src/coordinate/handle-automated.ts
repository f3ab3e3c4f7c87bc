// Automated mail is never answered (LOOP-1..3), but some of it is information: an out-of-office reply
// pauses nudges (LOOP-4), a calendar REPLY is an RSVP, a bounce or complaint suppresses an address
// (LOOP-8/9). Each feature fills in its kind here.
import type { AutomatedKind } from '../parse/types.js';
import type { InboundHandler } from './inbound-handlers.js';

export const automatedHandlers: Partial<Record<AutomatedKind, InboundHandler>> = {};
