// What parse/ hands to understand/ and to the rest of the pipeline. parse/ owns how these are computed;
// the fields below are the ones other layers rely on (more may be added, none removed without a look
// at their callers).

export interface Address {
  address: string; // lower-cased, validated
  name: string; // display name as decoded, '' when none
}

export type AutomatedKind = 'bounce' | 'auto_reply' | 'list' | 'calendar_reply' | 'complaint' | 'read_receipt';

export interface Automated {
  kind: AutomatedKind;
  reason: string; // which rule fired, e.g. "Auto-Submitted: auto-replied" (for logs and audit)
}

export interface ForwardedHeader {
  from: Address | null;
  to: Address[];
  cc: Address[];
  subject: string | null;
  date: string | null; // as written
}

export interface CalendarPart {
  method: string | null; // REPLY, REQUEST, CANCEL ...
  ics: string; // the raw iCalendar text
}

export interface ParsedEmail {
  messageId: string | null; // without angle brackets
  inReplyTo: string | null; // without angle brackets
  references: string[]; // without angle brackets, oldest first
  subject: string;
  date: Date | null; // Date header instant
  dateOffsetMinutes: number | null; // the Date header's numeric offset (e.g. -300 for -0500)
  from: Address | null;
  sender: Address | null; // Sender header, if any
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  headers: Record<string, string[]>; // lower-cased names → raw (unfolded) values, in order
  text: string; // whole plain text (from text/plain, else converted from HTML), invisible chars removed
  html: string | null;
  newText: string; // this message's own new text: quotes, forwarded header blocks and signature removed;
  // for a forwarded brief the forwarded body stays in (it *is* the brief)
  forwarded: ForwardedHeader[]; // forwarded header blocks found, outermost first
  automated: Automated | null; // LOOP-1..3, LOOP-8/9: set when a machine wrote this message
  calendar: CalendarPart | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
  quotedText?: string; // the quoted history removed from newText (reply attributions and `>` lines)
  hasQuote?: boolean; // the body quoted earlier mail
  // newText split by author: the message's own text first (header null), then each forwarded body with
  // the forwarded header block it sat under
  sections?: { header: ForwardedHeader | null; text: string }[];
  mailtoLinks?: Address[]; // mailto: links in the HTML part with their link text (e.g. "@sam" → sam.patel@…)
}

export interface ParseLimits {
  maxBytes: number; // MIME-1
  maxDepth: number;
  maxParts: number;
}
