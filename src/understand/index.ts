// The rules engine: ParsedEmail + context → the contract JSON. Deterministic and offline.
import type { ParsedEmail } from '../parse/types.js';
import { understandingSchema, type Kind, type Understanding } from './contract.js';
import type { UnderstandContext, UnderstandingEngine } from './types.js';
import { makeDateCtx, resolveDue, type DateCtx } from './dates.js';
import { collectPeople, isAssistantAddress, type People } from './people.js';
import { extractTasks, type Section } from './tasks.js';
import { parseCommand } from './commands.js';
import { extractMeeting } from './meeting.js';

export { parseCommand, parseItems } from './commands.js';
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

function projectName(email: ParsedEmail): string {
  const t = email.newText;
  const pats = [
    /\bproject(?: brief)?(?: for| called| named)?\s*[:–—-]\s*["“]?([^"”.\n]{3,80})/i,
    /\b(?:project|progetto|proyecto|projet|projekt|projeto|project)\s+["“]([^"”\n]{3,80})["”]/i,
    /["“]([^"”\n]{3,60})["”]/,
    /\b(?:project for|track (?:the )?|set up (?:a project for )?)(?:the |our )?([^.\n]{3,60}?)(?: as a (?:new )?project| project)?[.\n]/i,
  ];
  for (const p of pats) {
    const m = t.match(p);
    if (m) return m[1]!.trim().replace(/[\s.,:;]+$/, '');
  }
  return email.subject.replace(/^\s*(?:(?:re|fwd?|fw|aw|wg|tr|rv|sv|vs)\s*:\s*)+/i, '').trim() || 'Untitled project';
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

export function understandSync(email: ParsedEmail, ctx: UnderstandContext): Understanding {
  const assistants = (ctx.assistantAddresses ?? []).map((a) => a.toLowerCase());
  const kind = kindOf(email, ctx, assistants);
  const dates: DateCtx = makeDateCtx(ctx.now, ctx.timeZone, inferDayFirst(email));
  const people: People = collectPeople(email, assistants);
  for (const k of ctx.knownPeople ?? []) if (!people.list.some((p) => p.address === k.address.toLowerCase())) people.add(k);
  const out: Understanding = { kind, text: textOf(email), project: null, tasks: [], meeting: null, command: null };
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
    out.meeting = extractMeeting(sentencesForMeeting(email.newText), people, email.from?.address ?? null, everyone, dates, pname);
    if (kind === 'brief') out.project = { name: pname! };
  }
  if (kind === 'reply') {
    out.command = parseCommand(email.newText, { dates, people, ccAddresses: email.cc.map((c) => c.address).filter((a) => !isAssistantAddress(a, assistants)) });
  }
  if (kind === 'brief' && !out.tasks.length && !out.meeting && !email.forwarded.length) {
    // an unprompted command sent straight to the assistant
    const cmd = parseCommand(email.newText, { dates, people, ccAddresses: email.cc.map((c) => c.address) });
    if (cmd && ['status', 'help', 'unsubscribe', 'snooze', 'reschedule', 'done', 'blocked'].includes(cmd.action) && email.newText.length < 400) {
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
