// The rules engine: ParsedEmail + context → the contract JSON. Deterministic and offline.
import type { ParsedEmail } from '../parse/types.js';
import { understandingSchema, type Kind, type Understanding } from './contract.js';
import type { UnderstandContext, UnderstandingEngine } from './types.js';
import { makeDateCtx, resolveDue, type DateCtx } from './dates.js';
import { collectPeople, isAssistantAddress, type People } from './people.js';
import { extractTasks, isMeetingRequest, type Section } from './tasks.js';
import { parseCommand } from './replies/index.js';
import { extractMeeting } from './meeting.js';
import { readableEmail } from './readable.js';

export { parseCommand, parseItems } from './replies/index.js';
export { resolveDue, findDates, makeDateCtx } from './dates.js';
export { extractTasks } from './tasks.js';

const DAY_FIRST_TLD = /\.(?:uk|ie|no|fr|it|es|nl|de|at|ch|be|dk|se|fi|pt|br|au|nz|pl|eu|in|za|mx|ar|cl|co|pe|gr|cz|sk|hu|ro|bg|hr|si|lt|lv|ee|is|lu|tr|ru|ua)$/i;

export function inferDayFirst(email: ParsedEmail): boolean {
  const txt = email.newText;
  for (const m of txt.matchAll(/(?<![\d/.])(\d{1,2})\/(\d{1,2})(?:\/\d{2,4})?(?![\d/])/g)) {
    const a = Number(m[1]), b = Number(m[2]);
    if (a > 12 && b <= 12) return true;
    if (b > 12 && a <= 12) return false;
  }
  const domain = email.from?.address.split('@')[1] ?? '';
  if (DAY_FIRST_TLD.test(domain)) return true;
  if (/\.(?:us|ca)$/i.test(domain)) return false;
  const off = email.dateOffsetMinutes;
  if (off !== null && off <= -180) return false;
  return true;
}

export function repliesToAssistant(email: ParsedEmail, assistants: string[]): boolean {
  const ids = [email.inReplyTo ?? '', ...email.references];
  for (const id of ids) {
    const [local, domain] = id.toLowerCase().split('@');
    if (!domain) continue;
    if (/^(?:coordinator|assistant)\./.test(domain) || /(?:^|[.+])(?:nudge|digest|reminder)\./.test(local ?? '')) return true;
    if (assistants.some((a) => a.toLowerCase().split('@')[1] && domain === a.toLowerCase().split('@')[1] && /coordinator|assistant/.test(local ?? ''))) return true;
  }
  if (!ids.some(Boolean) && !/^\s*(?:re|aw|sv|antw|r|rif)\s*:/i.test(email.subject)) return false;
  const body = email.text;
  if (/(?:^|\n)[>\s]*(?:on|am|le|el|em|il|op)\b[^\n]{0,200}\b(?:coordinator|assistant)\b[^\n]{0,120}(?:wrote|schrieb|a [ée]crit|escribi[óo]|escreveu|ha scritto|schreef)/i.test(body)) return true;
  if (/(?:^|\n)[>\s*]*(?:from|von|de|da|van)\s*:?\**\s*(?:"?(?:coordinator|assistant)"?\s*<|[^\n<]*<(?:coordinator|assistant)(?:\+[^@]*)?@)/i.test(body)) return true;
  if (/(?:^|\n)[>\s]*(?:coordinator|assistant)\s*(?:<[^>]+>)?\s*wrote:/i.test(body)) return true;
  return false;
}

function kindOf(email: ParsedEmail, ctx: UnderstandContext, assistants: string[]): Kind {
  const a = email.automated;
  if (a) {
    if (a.kind === 'bounce') return 'bounce';
    if (a.kind === 'calendar_reply') return 'calendar_reply';
    if (a.kind === 'auto_reply' || a.kind === 'read_receipt') return 'auto_reply';
    return 'other';
  }
  const isReply = ctx.repliesToAssistant ?? repliesToAssistant(email, assistants);
  if (isReply) return 'reply';
  if (email.from && isAssistantAddress(email.from.address, assistants)) return 'other';
  if (email.to.some((x) => isAssistantAddress(x.address, assistants))) return 'brief';
  if (email.cc.some((x) => isAssistantAddress(x.address, assistants))) return 'thread';
  return email.to.length || email.cc.length ? 'thread' : 'other';
}

function sectionsOf(email: ParsedEmail, assistants: string[]): Section[] {
  const humans = (xs: { address: string }[]) => xs.filter((x) => x.address && !isAssistantAddress(x.address, assistants));
  const secs = email.sections ?? [{ header: null, text: email.newText }];
  return secs.map((s) => {
    if (!s.header) {
      const to = humans(email.to);
      return { author: email.from?.address ?? null, you: to.length === 1 ? to[0]!.address : null, text: s.text };
    }
    const to = humans(s.header.to);
    return { author: s.header.from?.address || null, you: to.length === 1 ? to[0]!.address || null : null, text: s.text };
  });
}

// words that name no project on their own: "track this", "a project for the postmortem"
const VAGUE_NAME = /^(?:this|it|that|these|them|this one|the below|everything|all this|a|an|the|project|new project|postmortem|kickoff|meeting|review|launch|plan|brief|rollout|migration|audit)$/i;
const NAME_PREFIX_WORDS =
  '(?:re|aw|antw|sv|vs|fwd?|fw|wg|tr|rv|rif|r|i|enc|kick-?off|new (?:client )?(?:project|job)s?|(?:two|three|\\d+) new (?:client )?(?:projects|jobs)|project(?: brief| plan| kickoff)?|brief|neues projekt|nuovo progetto|nuevo proyecto|nouveau projet|novo projeto|nieuw project|projekt|progetto|proyecto|projet|projeto|\\[(?:ext|external)\\])';
const SUBJECT_PREFIX = new RegExp(`^\\s*(?:${NAME_PREFIX_WORDS}\\s*(?::|\\s[–—-])\\s*)+`, 'i');
// "X – project brief", "X - kickoff plan", "X – next steps": a label after the name, not part of it
const SUBJECT_SUFFIX =
  /\s+[–—-]\s+(?:(?:the |a |our )?(?:new |client )?(?:project(?: brief| plan)?|brief(?: attached)?|kick-?off(?: plan| notes)?|plan|launch plan|next steps|actions?|action items|tasks|to-?dos|intro(?:duction)?|overview|update|details|summary|timeline|handover|fyi|for (?:you|tracking)))$/i;

/** Tidies a candidate project name: no leading article, no trailing date or punctuation, a capital first letter. */
function tidyName(raw: string): string {
  let n = raw.replace(/\s+/g, ' ').trim();
  n = n.replace(/^(?:the|our|a|an|this|new)\s+/i, '');
  // "the partner webinar on March 20" / "… by April 16" / "… in January": the date is not the name
  n = n.replace(/\s+(?:on|by|in|from|starting|due|before|this|next)\s+(?:\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|the \d|next|this|early|mid|late|end)\w*).*$/i, '');
  // "the Route 12 ferry charter for Nordkyst Ferjer": the client after "for" is not part of the name
  n = n.replace(/^(\S+(?:\s+\S+)+?)\s+for\s+(?:[\p{Lu}][\p{L}&'’.-]*)(?:\s+[\p{Lu}][\p{L}&'’.-]*)*$/u, '$1');
  n = n.replace(/(?<![\s.,:;!–—-])[\s.,:;!–—-]+$/, '').replace(/^["“'‘(]+|["”'’)]+$/g, '').trim();
  return n ? n[0]!.toUpperCase() + n.slice(1) : n;
}

function goodName(n: string): boolean {
  if (!n || n.length < 3 || n.length > 80 || VAGUE_NAME.test(n)) return false;
  if (/\?|\b(?:you|me|us|i|we)\b/i.test(n)) return false; // a question or a sentence about people, not a name
  if (isMeetingRequest(n)) return false;
  return n.split(/\s+/).length <= 10;
}

/** The subject without reply/forward/label prefixes and generic suffixes ("Fwd: X – project brief" → "X"). */
export function subjectName(subject: string): string {
  let s = subject.replace(/\s+/g, ' ').trim();
  const multi = /^\s*(?:(?:re|fwd?|fw)\s*:\s*)*(?:two|three|\d+) new (?:client )?(?:projects|jobs)\s*:/i.test(s);
  for (let i = 0; i < 4; i++) {
    const t = s.replace(SUBJECT_PREFIX, '').replace(SUBJECT_SUFFIX, '').trim();
    if (t === s) break;
    s = t;
  }
  // "Two new projects: A + B" → the first project named
  if (multi) s = s.split(/\s+(?:\+|&|and)\s+/i)[0]!;
  return s;
}

/**
 * The project a brief starts: a stated name ("Project: X", "for the X project", "the plan for the X",
 * "please track X as a project") or else the cleaned subject. Never a meeting request or a question.
 */
export function projectName(email: ParsedEmail): string {
  const pats: RegExp[] = [
    /\b(?:new (?:client )?project|project(?: name| brief| title)?|neues projekt|nuovo progetto|nuevo proyecto|nouveau projet|novo projeto|nieuw project)\s*(?::|\s[–—-])\s*([^.\n?!]{3,80})/i,
    /\bas a (?:new )?project\s*\(([^)\n]{3,60})\)/i,
    /\b(?:project|progetto|proyecto|projet|projekt|projeto)\s+(?:called|named)?\s*["“]([^"”\n]{3,80})["”]/i,
    /\b(?:track|open|set up|create|start|run|handle|manage|add)\s+(?:the |our )?([^.\n?!]{3,70}?)\s+as an? (?:new |separate )?project\b/i,
    /\b(?:open|set up|create|start)\s+a (?:new )?project for (?:the |our )?([^.\n?!]{3,70})/i,
    /\bfor (?:the |our )([^.\n?!,]{3,60}?) project\b/i,
    /\b(?:the |our )?(?:plan|brief|proposal|timeline|roadmap)\s+for\s+(?:the |our )?([^.\n?!:]{3,80})/i,
  ];
  const sentences = email.newText.split(/\n+|(?<=[.!?])\s+/).filter((x) => !/\?\s*$/.test(x.trim()) && !isMeetingRequest(x));
  for (const p of pats) {
    for (const sent of sentences) {
      const m = sent.match(p);
      if (!m) continue;
      let n = m[1]!;
      if (/^(?:two|three|\d+) new/i.test(sent.trim()) || /\bnew (?:client )?(?:projects|jobs)\s*:/i.test(sent)) n = n.split(/\s+(?:\+|&|and)\s+/i)[0]!;
      n = tidyName(n);
      if (goodName(n)) return n;
    }
  }
  const subj = tidyName(subjectName(email.subject));
  return subj || 'Untitled project';
}

function textOf(email: ParsedEmail): string {
  return email.newText.trim();
}

function sentencesForMeeting(text: string): string[] {
  return text
    .split(/\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)/)
    .flatMap((p) => p.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+(?=[\p{Lu}"“(])/u))
    .map((s) => s.trim())
    .filter(Boolean);
}

export function understandSync(parsed: ParsedEmail, ctx: UnderstandContext): Understanding {
  const email = readableEmail(parsed);
  const assistants = (ctx.assistantAddresses ?? []).map((a) => a.toLowerCase());
  const kind = kindOf(email, ctx, assistants);
  const dates: DateCtx = makeDateCtx(ctx.now, ctx.timeZone, inferDayFirst(email));
  const people: People = collectPeople(email, assistants);
  for (const k of ctx.knownPeople ?? []) if (!people.list.some((p) => p.address === k.address.toLowerCase())) people.add(k);
  const out: Understanding = { kind, text: textOf(parsed), project: null, tasks: [], meeting: null, command: null };
  if (kind === 'brief' || kind === 'thread') {
    const sections = sectionsOf(email, assistants);
    out.tasks = extractTasks(sections, people, dates, kind === 'brief');
    // "Same deadline." — the only place quoted text supplies a value
    if (/\bsame (?:deadline|due date|date)\b/i.test(email.newText) && email.quotedText) {
      const d = resolveDue(email.quotedText.split('\n').find((l) => /\b(?:by|due|deadline)\b/i.test(l) && resolveDue(l, dates)) ?? '', dates);
      if (d) for (const t of out.tasks) if (!t.due) t.due = d;
    }
    const everyone = people.list.map((p) => p.address).filter((a) => !isAssistantAddress(a, assistants));
    for (const t of out.tasks) if (t.owner && t.owner.includes('@') && !everyone.includes(t.owner)) everyone.push(t.owner);
    const pname = kind === 'brief' ? projectName(email) : null;
    // "me"/"us" in a meeting request mean whoever wrote that part: in a forwarded brief, the forwarded author
    const reqSection = sections.find((sec) => sentencesForMeeting(sec.text).some((x) => isMeetingRequest(x)));
    const asker = reqSection?.author ?? email.from?.address ?? null;
    out.meeting = extractMeeting(reqSection ? sentencesForMeeting(reqSection.text) : sentencesForMeeting(email.newText), people, asker, everyone, dates, pname);
    if (kind === 'brief') out.project = { name: pname! };
  }
  if (kind === 'reply') {
    out.command = parseCommand(email.newText, { dates, people, ccAddresses: email.cc.map((c) => c.address).filter((a) => !isAssistantAddress(a, assistants)) });
  }
  if (kind === 'brief' && !out.tasks.length && !out.meeting && !email.forwarded.length && email.newText.length < 400) {
    // an unprompted command sent straight to the assistant (a short one: a longer brief is not read as a command)
    const cmd = parseCommand(email.newText, { dates, people, ccAddresses: email.cc.map((c) => c.address) });
    if (cmd && ['status', 'help', 'unsubscribe', 'snooze', 'reschedule', 'done', 'blocked'].includes(cmd.action)) {
      out.kind = 'command';
      out.command = cmd;
      out.project = null;
    }
  }
  return understandingSchema.parse(out);
}

export function createRulesEngine(): UnderstandingEngine {
  return {
    name: 'rules',
    async understand(email: ParsedEmail, ctx: UnderstandContext): Promise<Understanding> {
      return understandSync(email, ctx);
    },
  };
}
