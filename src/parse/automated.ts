// RFC 3834 / LOOP-1..3 machine-mail detection. Pure: works on lower-cased header map + a few facts about
// the MIME structure, so it is table-testable without building messages.
import type { Automated } from './types.js';

export interface AutomatedFacts {
  subject?: string;
  fromAddress?: string | null; // lower-cased
  returnPath?: string | null; // raw Return-Path value (may be "<>")
  reportType?: string | null; // report-type of a multipart/report, lower-cased
  calendarMethod?: string | null; // METHOD of a text/calendar part, upper-cased
  body?: string; // new text, for the OOO-subject check
  text?: string; // the whole text (for DSN / challenge / bulk wording)
  fromRaw?: string | null; // the raw From header (catches "MAILER-DAEMON <>", which has no usable address)
  hasEmbeddedMessage?: boolean; // a message/rfc822 or text/rfc822-headers part is attached
}

const DSN_SUBJECT =
  /^\s*(?:(?:re|fw|fwd)\s*:\s*)?(?:undeliver(?:able|ed)|delivery (?:status notification|failure|has failed|failed|notification|report)|returned mail|mail delivery (?:failed|failure|system)|failure notice|non[- ]?deliver|message (?:not delivered|delivery failure|undeliverable)|delivery (?:delayed|delay)|warning: could not send|mail system error|nondeliverable)/i;
const COMPLAINT_SUBJECT = /\b(?:complaint about message from|abuse report|spam report|feedback[- ]loop report|email feedback report)\b/i;
const DSN_TEXT =
  /\b(?:could not be delivered|couldn't be delivered|was not delivered|undeliverable|delivery (?:to the following recipients? )?(?:has )?failed|permanent(?:ly)? (?:error|fatal)|user unknown|unknown user|mailbox (?:unavailable|full|is full|not found|does not exist)|no such (?:user|mailbox|address)|recipient address rejected|this is the mail system at|unable to deliver|the following addresses had permanent|message was rejected|returned to sender|smtp error|5\.\d\.\d+|are not (?:a )?member)\b/i;
const CHALLENGE_TEXT =
  /\b(?:(?:added|add you|add your address) to (?:the recipient's|my|our|the) (?:allowed|approved|safe|white)[- ]?(?:senders? )?list|this (?:account|mailbox|address|inbox) is protected by|verify (?:that )?you are (?:a )?(?:human|real person)|challenge[- ]response|whitelist request|awaiting (?:your )?verification)\b/i;
const BULK_TEXT = /\b(?:no longer (?:wish )?to receive|wish no longer to receive|opt[- ]?out (?:here|below|of|from|follow|by|at)|to (?:stop receiving|be removed from) (?:these|this|our|future)|click here to (?:unsubscribe|be removed))\b/i;

const OOO_SUBJECT =
  /^\s*(?:(?:re|aw|sv|vs|antw|r|rv|tr|wg|fw|fwd)\s*:\s*)*(?:automatic reply|automatiskt? svar|automatisch antwort|fraværende|frånvaro|poza biurem|automatick[áa] odpov[ěe]ď|автоответ|автоматический ответ|otomatik yan[ıi]t|αυτόματη απάντηση|自動応答|自動返信|自动回复|自動回覆|자동 응답|auto(?:matic)?[- ]?reply|autoreply|auto response|auto-response|out of (?:the )?office|ooo\b|abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|absence du bureau|respuesta autom[áa]tica|fuera de la oficina|resposta autom[áa]tica|ausente|risposta automatica|fuori sede|automatisch antwoord|afwezigheidsmelding|autosvar|automaattinen vastaus|automatyczna odpowied[źz]|vacation|on vacation|away from (?:the )?office|abwesend)(?![\p{L}\p{N}_])(?=\s*(?:$|[:(\[\-–—,.!]|\d|re\s*:|aw\s*:|(?:until|till|bis|jusqu|hasta|fino|tot|from|reply|response|notice|notification|message|auto)(?![\p{L}])))/iu;

const OOO_BODY =
  /\b(?:out of (?:the )?office|on (?:annual |parental |sick )?leave|on vacation|on holiday|away from (?:the |my )?(?:office|desk)|limited access to (?:my )?e-?mail|will be back|back (?:in the office )?on|return(?:ing)? on|abwesend|nicht im b[üu]ro|bin ab|wieder im b[üu]ro|absent|de retour|fuera de la oficina|de vacaciones|volver[ée]|estar[ée] fuera|ausente|fora do escrit[óo]rio|fuori ufficio|afwezig|automatic reply|auto-?reply)\b/i;

export const isOooSubject = (s: string): boolean => OOO_SUBJECT.test(s);
export const isOooBody = (s: string): boolean => OOO_BODY.test(s);

function first(h: Record<string, string[]>, name: string): string | null {
  const v = h[name];
  return v && v.length ? v[0]!.trim() : null;
}

/** Strip SRS / BATV / PRVS wrapping so "SRS0=abc=xy=example.com=mailer-daemon@fwd.example" → its real local part. */
export function unwrapLocalPart(address: string): string {
  let local = (address.split('@')[0] ?? '').toLowerCase();
  // BATV / PRVS: prvs=1234abcd=user, btv1==1234==user
  let m = local.match(/^(?:prvs|msprvs\d*|btv1)=+[^=]*=+(.+)$/);
  if (m) local = m[1]!;
  // SRS0=HHH=TT=domain=local / SRS1=HHH=domain==HHH=TT=orig-domain=local
  m = local.match(/^srs[01][=+-].*=([^=]+)$/);
  if (m) local = m[1]!;
  return local;
}

const MACHINE_LOCAL = /^(?:mailer-daemon|mailer_daemon|maildaemon|postmaster|post_master|mail\.delivery\.system|no[-_.]?reply(?:[-+_.].*)?|do[-_.]?not[-_.]?reply(?:[-+_.].*)?|dont[-_.]?reply|.*[-_.]no[-_.]?reply|notifications?(?:[-+_.].*)?|.*[-_.]notifications?|notify|alerts?|jira|confluence|calendar-notification|automated|automailer|auto[-_.]?reply|autoresponder|daemon|bounces?(?:[+-].*)?|owner-.+|.+-owner|.+-request|.+-bounces(?:\+.*)?|listserv|majordomo|mailman)$/;

export function isMachineSender(address: string | null | undefined): boolean {
  if (!address) return false;
  return MACHINE_LOCAL.test(unwrapLocalPart(address));
}

/**
 * Classify a message as machine-written, or null for a (probably) human message.
 * Order: bounce → complaint → read receipt → calendar reply → auto-reply → list. A human mail that only
 * *says* "out of office" in its body is not automated: the body is only consulted when an OOO subject or
 * X-Auto-Response-Suppress/auto-reply hint is present.
 */
export function classifyAutomated(headers: Record<string, string[]>, facts: AutomatedFacts = {}): Automated | null {
  const report = facts.reportType?.toLowerCase() ?? null;
  const from = facts.fromAddress?.toLowerCase() ?? null;
  const subject = facts.subject ?? first(headers, 'subject') ?? '';
  if (report === 'delivery-status' || report === 'delivery-status-notification')
    return { kind: 'bounce', reason: 'multipart/report; report-type=delivery-status' };
  if (report === 'feedback-report') return { kind: 'complaint', reason: 'multipart/report; report-type=feedback-report' };
  if (report === 'disposition-notification')
    return { kind: 'read_receipt', reason: 'multipart/report; report-type=disposition-notification' };
  const fromLocal = from ? unwrapLocalPart(from) : '';
  if (/\b(?:mailer[-_]?daemon|postmaster|post_master|mail delivery (?:subsystem|system|service))\b/i.test(facts.fromRaw ?? '') && !from?.includes('@') )
    return { kind: 'bounce', reason: `From: ${facts.fromRaw}` };
  if (DSN_SUBJECT.test(subject) && (facts.hasEmbeddedMessage || isMachineSender(from) || report || DSN_TEXT.test(facts.text ?? '') || !from))
    return { kind: 'bounce', reason: `delivery-failure subject: ${subject}` };
  if (COMPLAINT_SUBJECT.test(subject) && (facts.hasEmbeddedMessage || isMachineSender(from) || /^(?:staff|abuse|complaints?|fbl|feedback)$/.test(fromLocal)))
    return { kind: 'complaint', reason: `complaint subject: ${subject}` };
  if (/^(?:mailer[-_]?daemon|postmaster)$/.test(fromLocal) && /(?:undeliver|deliver(?:y|ed)? (?:status|fail|delay)|returned mail|failure notice|mail delivery|non[- ]?delivery|could not be delivered|delivery has failed)/i.test(subject))
    return { kind: 'bounce', reason: `From: ${fromLocal} with a delivery-failure subject` };
  if (facts.calendarMethod?.toUpperCase() === 'REPLY') return { kind: 'calendar_reply', reason: 'text/calendar; method=REPLY' };

  const autoSubmitted = first(headers, 'auto-submitted');
  if (autoSubmitted && !/^no\b/i.test(autoSubmitted)) {
    if (/auto-generated/i.test(autoSubmitted) && listHeader(headers))
      return { kind: 'list', reason: `Auto-Submitted: ${autoSubmitted} with list headers` };
    return { kind: 'auto_reply', reason: `Auto-Submitted: ${autoSubmitted}` };
  }
  for (const h of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-auto-reply'])
    if (first(headers, h) !== null) return { kind: 'auto_reply', reason: `${h} present` };
  if (/^(?:yes|true)$/i.test(first(headers, 'x-is-auto-reply') ?? '')) return { kind: 'auto_reply', reason: 'X-Is-Auto-Reply' };
  const precedence = (first(headers, 'precedence') ?? '').toLowerCase();
  if (precedence === 'auto_reply') return { kind: 'auto_reply', reason: 'Precedence: auto_reply' };
  // Exchange stamps this on whatever an inbox rule sent (forwards, redirects, rule-based replies): a
  // mailbox rule is a machine, and answering it is how forwarding loops start.
  const ruleLoop = first(headers, 'x-ms-exchange-inbox-rules-loop');
  if (ruleLoop !== null) return { kind: 'auto_reply', reason: `X-MS-Exchange-Inbox-Rules-Loop: ${ruleLoop}` };
  // Senders set this to ask that nothing automatic answers them; we honour it by never answering.
  const suppressAll = first(headers, 'x-auto-response-suppress');
  if (suppressAll && /\b(?:all|oof|autoreply|dr|rn|nrn)\b/i.test(suppressAll))
    return { kind: 'auto_reply', reason: `X-Auto-Response-Suppress: ${suppressAll}` };
  const receipt = readReceipt(subject, facts.text ?? '');
  if (receipt) return { kind: 'read_receipt', reason: receipt };
  if (isOooSubject(subject) || /^\s*auto(?:matic)?\s*:|\bis out of (?:the )?office\b/i.test(subject)) return { kind: 'auto_reply', reason: `out-of-office subject: ${subject}` };
  if (CHALLENGE_TEXT.test((facts.text ?? '').slice(0, 3000))) return { kind: 'auto_reply', reason: 'challenge-response / allow-list notice' };
  if (facts.hasEmbeddedMessage && DSN_TEXT.test((facts.text ?? '').slice(0, 3000)) && !/^\s*(?:fwd?|fw)\s*:/i.test(subject))
    return { kind: 'bounce', reason: 'delivery-failure wording with the original message attached' };
  if (facts.body && headerlessOoo(facts.body)) return { kind: 'auto_reply', reason: 'out-of-office text' };

  const rp = facts.returnPath ?? first(headers, 'return-path');
  if (rp !== null && /^<\s*>$/.test(rp.trim())) return { kind: 'auto_reply', reason: 'null Return-Path' };
  if (isMachineSender(from)) {
    if (/^(?:mailer[-_]?daemon|postmaster|post_master)$/.test(fromLocal)) {
      // postmaster@ is also a role mailbox people write from: a bounce needs some delivery wording too
      if (fromLocal !== 'postmaster' || DSN_TEXT.test(facts.text ?? '') || facts.hasEmbeddedMessage) return { kind: 'bounce', reason: `From: ${fromLocal}` };
      return { kind: 'auto_reply', reason: 'machine sender postmaster' }; // a role mailbox: not a bounce, still never answered
    }
    if (listHeader(headers)) return { kind: 'list', reason: `machine sender ${fromLocal} with list headers` };
    return { kind: 'auto_reply', reason: `machine sender ${fromLocal}` };
  }
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list') return { kind: 'list', reason: `Precedence: ${precedence}` };
  const lh = listHeader(headers);
  if (lh) return { kind: 'list', reason: `${lh} present` };
  if (first(headers, 'feedback-id') !== null) return { kind: 'list', reason: 'Feedback-ID present' };
  for (const h of ['mailing-list', 'x-mlserver', 'x-ml-name', 'x-mailing-list', 'x-list'])
    if (first(headers, h) !== null) return { kind: 'list', reason: `${h} present` };
  if (BULK_TEXT.test(facts.text ?? '')) return { kind: 'list', reason: 'bulk opt-out wording' };
  return null;
}

function looksLikeOooNotice(body: string): boolean {
  // the first couple of sentences announce an absence ("I am out of the office until …")
  const head = body.trim().slice(0, 400);
  return /\b(?:i am|i'm|i will be|ich bin|je suis|estoy|estou|sono|ik ben|jag är|jestem)\b[^\n]{0,80}?(?<![\p{L}])(?:out of|away|absent|on leave|abwesend|nicht im|fuera|ausente|fuori|afwezig|en cong[ée]|de vacaciones|on vacation|on holiday|på semester|poza biurem)/iu.test(head) ||
    /\b(?:out of (?:the )?office|automatic reply|auto-?reply)\b/i.test(head);
}

const RECEIPT_SUBJECT = /^\s*(?:read|not read|unread|gelesen|ungelesen|nicht gelesen|lu|non lu|le[íi]do|no le[íi]do|lido|n[ãa]o lido|letto|non letto|gelezen|niet gelezen|läst|ej läst|læst|luettu|przeczytane|přečteno|прочитано|не прочитано)\s*:/iu;
const RECEIPT_TEXT =
  /(?<![\p{L}\p{N}])(?:was read on|was (?:deleted|discarded) without being read|has been (?:read|displayed)|wurde (?:am .{0,40})?gelesen|wurde ungelesen gel[öo]scht|a été lu|a été supprimé sans avoir été lu|fue le[íi]do|se elimin[óo] sin leerse|foi lido|è stato letto|is gelezen|return receipt|read receipt|lesebest[äa]tigung|accus[ée] de lecture|confirmaci[óo]n de lectura)/iu;

/** A text-only read receipt (Outlook's "Read: …"/"Not read: …" without a multipart/report). */
function readReceipt(subject: string, text: string): string | null {
  if (!RECEIPT_SUBJECT.test(subject)) return null;
  const head = text.trim().slice(0, 1500);
  return head.length < 1500 && RECEIPT_TEXT.test(head) ? `read-receipt subject and wording: ${subject}` : null;
}

const OOO_RETURN =
  /\b(?:(?:respond|reply|get back|answer|attend)(?: to (?:you(?:r (?:e-?mail|message))?|it|them))?(?: as soon as possible| promptly)? (?:upon|on|after|when i) (?:my )?return|will be back|back (?:in the office )?on|returning on|return(?:ing)? to the office|limited (?:access to (?:my )?e-?mail|e-?mail access)|for (?:urgent|immediate) (?:matters|requests|assistance|issues)|in (?:urgent|dringenden) (?:cases|matters|fällen)|(?:please|bitte) (?:contact|wenden sie sich an|kontaktieren sie)|en cas d'urgence|en caso de urgencia|in caso di urgenza|bin (?:ab|wieder)|wieder im b[üu]ro|de retour le|volver[ée] el|estar[ée] de vuelta|sar[òo] di ritorno|ben (?:weer|terug))/i;

/** Out-of-office text with no auto-reply headers: an absence announced up front *and* a return or "contact instead" line. */
function headerlessOoo(body: string): boolean {
  const head = body.trim();
  if (!head || head.length > 1200) return false;
  return looksLikeOooNotice(head) && OOO_RETURN.test(head) && isOooBody(head);
}

function listHeader(h: Record<string, string[]>): string | null {
  for (const k of ['list-id', 'list-unsubscribe', 'list-post', 'list-help']) if (h[k]?.length) return k;
  return null;
}
