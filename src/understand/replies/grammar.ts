// The closed command grammar that our own emails teach: one command per line, optionally naming the
// numbered items of a batched nudge ("done 1 and 3", "blocked 2 waiting on legal", "move 3 to Friday",
// "give 2 to carol@example.com", "all done", "undo"). Lines are read from the new text only. The same
// grammar reads each clause of a free-worded reply first (read.ts), so a line means the same either way.
import type { Command } from '../contract.js';
import { resolveDue, type DateCtx } from '../dates.js';

export type ReplyIntent =
  | { type: 'command'; command: Command; line: string }
  | { type: 'undo'; line: string }
  | { type: 'approve'; line: string }
  | { type: 'reject'; line: string };

const NUM = String.raw`#?\d{1,2}`;
const LIST = String.raw`${NUM}(?:\s*(?:,|&|\+|and|und|y|et|e)\s*${NUM})*`;
const items = (s: string): number[] => [...s.matchAll(/\d{1,2}/g)].map((m) => Number(m[0])).filter((n, i, a) => n > 0 && a.indexOf(n) === i);

const DONE_WORDS = String.raw`(?:done|finished|complete|completed|erledigt|fertig|fait|termin[ée]|hecho|listo|feito|fatto|klaar)`;

function command(action: Command['action'], extra: Partial<Command> = {}): Command {
  return { action, reason: null, due: null, owner: null, ...extra };
}

// the grammar's line forms, built once (they were rebuilt for every line and clause read)
const LINE_FORMS: RegExp[] = [
  new RegExp(String.raw`^(${LIST})\s*[:.)\-–—→]*\s*(move|push|reschedule|postpone|snooze|give|reassign|hand|assign|pass|decline|progress)\b(.*)$`, 'i'),
  new RegExp(String.raw`^(?:all\s+${DONE_WORDS}|${DONE_WORDS}\s+all|alles erledigt)$`, 'i'),
  new RegExp(String.raw`^${DONE_WORDS}(?:\s*[:\-]?\s*(${LIST}))?$`, 'i'),
  new RegExp(String.raw`^(${LIST})\s*(?:is|are)?\s*${DONE_WORDS}$`, 'i'),
  new RegExp(String.raw`^(?:blocked|stuck)\s*(${LIST})?\s*[:\-–—,]?\s*(.*)$`, 'i'),
  new RegExp(String.raw`^(${LIST})\s+(?:is\s+)?(?:blocked|stuck)\s*[:\-–—,]?\s*(.*)$`, 'i'),
  new RegExp(String.raw`^(?:move|push|reschedule|postpone)\s*(${LIST})?\s+(?:to|until|till|for)\s+(.+)$`, 'i'),
  new RegExp(String.raw`^(?:reschedule)\s*(${LIST})?\s+(.+)$`, 'i'),
  new RegExp(String.raw`^snooze\s*(${LIST}(?!\s*(?:d|days?|wks?|weeks?|h|hrs?|hours?)\b))?(?:\s+(?:until|till|to|for)?\s*(.+))?$`, 'i'),
  new RegExp(String.raw`^(?:give|reassign|hand|assign|pass)\s*(${LIST})?\s+(?:over\s+)?(?:to\s+)?(?!(?:me|us|myself|an?|the|some|my|your|it|this|that|them)\b)(.+)$`, 'i'),
  new RegExp(String.raw`^(?:decline|not mine)\s*(${LIST})?\s*[:\-–—,]?\s*(.*)$`, 'i'),
  new RegExp(String.raw`^progress\s*(${LIST})?\s*[:\-–—,]?\s*(.*)$`, 'i'),
];

/** One line → an intent, or null when the line is not in the grammar. */
export function parseLine(rawLine: string, dates: DateCtx): ReplyIntent | null {
  const line = rawLine.trim().replace(/^[-*•>]+\s*/, '');
  let l = line.replace(/(?<![.!])[.!]+$/, '').replace(/[`"“”']/g, '').trim();
  let m: RegExpExecArray | null;
  // the item first, as answers to a digest are often written: "2 push to Friday", "#3 – snooze until Monday"
  if ((m = LINE_FORMS[0]!.exec(l))) {
    l = `${m[2]} ${m[1]}${m[3]}`;
  }
  const cmd = (c: Command): ReplyIntent => ({ type: 'command', command: c, line });

  if (/^undo(?:\s+(?:that|this|it|please|last))?(?:\s*,?\s*please)?$/i.test(l)) return { type: 'undo', line };
  if (/^(?:yes|yep|yes please|confirm(?:ed)?|approve[d]?|go ahead|ok(?:ay)?,?\s*go ahead|apply it)$/i.test(l)) return { type: 'approve', line };
  if (/^(?:no|nope|reject(?:ed)?|deny|denied|don'?t|do not apply|ignore it)$/i.test(l)) return { type: 'reject', line };
  if (/^(?:help|\?)$/i.test(l)) return cmd(command('help'));
  if (/^(?:status|what'?s open\??|list)$/i.test(l)) return cmd(command('status'));
  if (/^(?:unsubscribe|stop)$/i.test(l)) return cmd(command('unsubscribe'));

  if ((m = LINE_FORMS[1]!.exec(l))) return cmd(command('done', { items: 'all' }));
  if ((m = LINE_FORMS[2]!.exec(l))) return cmd(command('done', m[1] ? { items: items(m[1]) } : {}));
  if ((m = LINE_FORMS[3]!.exec(l))) return cmd(command('done', { items: items(m[1]!) }));

  if ((m = LINE_FORMS[4]!.exec(l)) || (m = LINE_FORMS[5]!.exec(l))) {
    return cmd(command('blocked', { reason: m[2]?.trim() || null, ...(m[1] ? { items: items(m[1]) } : {}) }));
  }
  if ((m = LINE_FORMS[6]!.exec(l)) || (m = LINE_FORMS[7]!.exec(l))) {
    const due = resolveDue(m[2]!, dates);
    return cmd(command('reschedule', { due, reason: due ? null : m[2]!.trim(), ...(m[1] ? { items: items(m[1]) } : {}) }));
  }
  if ((m = LINE_FORMS[8]!.exec(l))) {
    const when = m[2]?.trim() ?? '';
    const due = when ? (resolveDue(when, dates) ?? resolveDue(`in ${when}`, dates)) : null;
    return cmd(command('snooze', { due, reason: when && !due ? when : null, ...(m[1] ? { items: items(m[1]) } : {}) }));
  }
  // the new owner is an address or a name, never "me an update" or "the figures"
  if ((m = LINE_FORMS[9]!.exec(l))) {
    return cmd(command('reassign', { owner: m[2]!.replace(/^to\s+/i, '').trim(), ...(m[1] ? { items: items(m[1]) } : {}) }));
  }
  if ((m = LINE_FORMS[10]!.exec(l))) {
    return cmd(command('decline', { reason: m[2]?.trim() || null, ...(m[1] ? { items: items(m[1]) } : {}) }));
  }
  if ((m = LINE_FORMS[11]!.exec(l))) {
    const note = m[2]?.trim() || null;
    return cmd(command('progress', { reason: note, due: note ? resolveDue(note, dates) : null, ...(m[1] ? { items: items(m[1]) } : {}) }));
  }
  return null;
}

/** Lines of a reply read for commands: commands come first, and the work stays bounded on any input. */
export const MAX_LINES = 60;

export const SIGN_OFF = /^(?:thanks|thank you|thx|cheers|best|regards|kind regards|best regards|viele grüße|gruß|merci|gracias|grazie|sent from my|--\s*$)/i;

/** Grammar lines of a reply's new text, in order; empty when the reply is free wording. */
export function parseGrammar(newText: string, dates: DateCtx): ReplyIntent[] {
  const out: ReplyIntent[] = [];
  for (const raw of newText.split('\n').slice(0, MAX_LINES)) {
    const line = raw.trim();
    if (!line) continue;
    if (SIGN_OFF.test(line)) break;
    const intent = parseLine(line, dates);
    if (intent) out.push(intent);
  }
  return out;
}

/** "Thanks!", "ok", an empty reply: nothing to act on and nothing to ask about. */
export function isChatter(newText: string): boolean {
  const t = newText.replace(/\s+/g, ' ').trim();
  if (!t) return true;
  return /^(?:(?:hi|hey|hello)\b[^.!?]{0,20}[,.!]?\s*)?(?:thanks|thank you|thx|ty|cheers|great|ok|okay|will do|sounds good|noted|got it|perfect|cool|nice|👍|🙏)\b[^?]{0,60}$/iu.test(t);
}
