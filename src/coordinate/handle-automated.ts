// Automated mail is never answered (LOOP-1..3), but some of it is information: an out-of-office reply
// pauses nudges (LOOP-4), a calendar REPLY is an RSVP, a bounce or complaint suppresses an address
// (LOOP-8/9). Each feature fills in its kind here.
import type { AutomatedKind } from '../parse/types.js';
import { handleBounce, handleComplaint } from './handle-bounce.js';
import { handleCalendarReply } from './handle-calendar-reply.js';
import { handleOutOfOffice } from './handle-oof.js';
import type { InboundHandler } from './inbound-handlers.js';

export const automatedHandlers: Partial<Record<AutomatedKind, InboundHandler>> = {
  bounce: handleBounce,
  complaint: handleComplaint,
  calendar_reply: handleCalendarReply, // an RSVP: updates PARTSTAT, never answered
  auto_reply: handleOutOfOffice, // LOOP-4: out-of-office pauses nudges, changes no task
};
