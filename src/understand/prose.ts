// Running prose, sentence by sentence: follow-ups that name who or when, "make sure X does Y", "Name to do
// X", one person's two dated pieces of work, pronouns that point back, and dates given on their own.
import type { ExtractedTask } from './contract.js';
import { resolveDue } from './dates.js';
import { annotatedOwner, baseVerb, leadingSubject } from './owners.js';
import { isGreeting } from './structure/blocks.js';
import { SAME_TIME, deadlineOfPrevious, resolvePronoun } from './reference.js';
import { findDates } from './dates.js';
import { IMPERATIVE, makeTask, splitSentences, unitTasks, type Ctx } from './clauses.js';
import { applyFollowUp, followUp, perOwner, withDue } from './task-build.js';

// "…, so I'll send X", "… and I'll draft Y": a commitment joined to the sentence before it
const JOINED_COMMITMENT = /(?:,?\s+(?:so|and|but|then)\s+|:\s+)(?=(?:I|we)(?:['’]ll| will| can)\s|\p{Lu}\p{Ll}+ will\s)/u;
// "he'll …" / "she will …" after a clause about a person: that person's commitment
const HE_WILL = /^(?:he|she)(?:['’]ll| will| is going to)\s+/i;
const MAKE_SURE = /^(?:(?:can|could|would) you\s+|please\s+|pls\s+)?(?:make sure|ensure|see to it)\s+(?:that\s+)?(.+)$/i;

/** "can you make sure Tom sends the deck Thursday and Priya books the venue" → one task per person named. */
function makeSureTasks(s: string, ctx: Ctx): ExtractedTask[] | null {
  const m = s.match(MAKE_SURE);
  if (!m) return null;
  const parts = m[1]!.split(/\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?=[\p{Lu}@][\p{L}'’.-]*\s+\p{Ll})/u);
  const out: ExtractedTask[] = [];
  for (const part of parts) {
    const lead = leadingSubject(part, ctx.people);
    if (!lead) return null;
    const [verb, ...rest] = lead.rest.split(/\s+/);
    out.push(...perOwner(lead.owners, [baseVerb(verb!), ...rest].join(' '), s, part, { ...ctx, confidence: 0.7 }));
  }
  return out.length ? out : null;
}

// "we need the seating plan done", "I still need the floor plan finished": work nobody has been given yet
const NEED_DONE = /\b(?:we|i)\s+(?:still\s+|also\s+)?need\s+((?:the|a|an|our)\s+.{3,80}?)\s+(?:done|finished|completed|sorted|ready|signed off)\b/i;

const DATE_ONLY = /^(?:ideally|preferably|hopefully|if possible|at the latest|latest|no later than|by|before|due|target|aim for)\b/i;

export function paraTasks(text: string, ctx: Ctx, out: ExtractedTask[], history: string[]) {
  const first = out.length; // a follow-up ("Omar, that one's yours") only names a task of this paragraph
  let lastStart = first; // where the tasks of the latest sentence that gave any begin
  let lastPerson: string | null = null; // the person the latest clause began with, for "he'll" / "she'll"
  for (const sentence of splitSentences(text)) {
    for (const clause of sentence.split(JOINED_COMMITMENT)) {
      if (isGreeting(clause)) continue;
      const lead = clause.match(/^(@?[\p{Lu}][\p{L}'’-]+)\s/u);
      const s = HE_WILL.test(clause) && lastPerson ? clause.replace(HE_WILL, `${lastPerson} will `) : clause;
      if (lead && ctx.people.find(lead[1]!) && !ctx.people.isAssistant(lead[1]!)) lastPerson = lead[1]!;
      const before = out.length;
      sentenceTasks(s, ctx, out, first);
      // "Omar – the slides came back clean. Can you send them on?": the name opens a sentence to that person
      const named = s.match(/^(@?[\p{Lu}][\p{L}'’-]+)\s*(?:,|\s[–—-]\s|:)\s*\S/u);
      if (named && out.length === before && ctx.people.find(named[1]!) && !ctx.people.isAssistant(named[1]!)) ctx = { ...ctx, addressees: [named[1]!] };
      const last = out[out.length - 1];
      const deadline = deadlineOfPrevious(s, ctx.dates);
      if (deadline && last && out.length === before && out.length > first && !last.due) last.due = deadline;
      // "Ideally by Thursday.": a sentence that is only a date dates what the sentence before asked for
      if (out.length === before && DATE_ONLY.test(s) && s.split(/\s+/).length <= 6) {
        const d = resolveDue(s, ctx.dates);
        if (d) for (const t of out.slice(Math.max(first, lastStart))) if (!t.due) t.due = d;
      }
      if (out.length > before) lastStart = before;
      for (const t of out.slice(before)) {
        t.title = resolvePronoun(t.title, history);
        // "Finish them" with nothing before to say what: kept, but for the sender to confirm
        if (/^\S+\s+(?:it|them|those|these|this|that)$/.test(t.title)) t.confidence = Math.min(t.confidence ?? 1, 0.4);
        // "… at the same time": the date of the task before it
        if (!t.due && SAME_TIME.test(s) && before > first) t.due = out[before - 1]!.due;
      }
      history.push(s);
    }
  }
}

// "Raj will send the pack by Thursday and set up their SSO by the 22nd": two pieces of work for one person
const COORDINATED = new RegExp(`^(.{12,}?)\\s+and\\s+(?:then\\s+|also\\s+)?(?=${IMPERATIVE.source.slice(1)})(.+)$`, 'iu');

function coordinated(s: string, ctx: Ctx): ExtractedTask[] | null {
  const m = s.match(COORDINATED);
  if (!m) return null;
  // "draft the agenda and send it to the client" is one piece of work; a second object with its own date is another
  if (/\b(?:it|them|this|that)\b/i.test(m[2]!) || !findDates(m[2]!, ctx.dates).some((d) => d.date)) return null;
  const left = unitTasks(m[1]!, ctx);
  if (left.length !== 1 || !left[0]!.owner || left[0]!.title.split(/\s+/).length < 2) return null;
  const right = makeTask(m[2]!, left[0]!.owner, m[2]!, ctx);
  if (!right) return null;
  return [{ ...left[0]!, evidence: s }, { ...right, due: right.due ?? left[0]!.due, evidence: s }];
}

function sentenceTasks(s: string, ctx: Ctx, out: ExtractedTask[], first: number) {
  const f = followUp(s, ctx);
  if (f) {
    if (out.length > first) applyFollowUp(out[out.length - 1]!, f, ctx);
    return;
  }
  const need = s.match(NEED_DONE);
  if (need) {
    out.push(...perOwner([], need[1]!, s, s, { ...ctx, confidence: 0.6 }));
    return;
  }
  const sure = makeSureTasks(s, ctx);
  if (sure) {
    out.push(...sure);
    return;
  }
  // "@raj please own the press release", "@lin – landing page copy by Monday"
  if (/^@\p{L}/u.test(s)) {
    const ann = annotatedOwner(s, ctx.people);
    if (ann) {
      out.push(...withDue(perOwner(ann.owners, ann.rest.replace(/^(?:please|pls)\s+(?:own|handle|take)\s+/i, 'handle '), s, s, { ...ctx, isListItem: true, confidence: 0.8 }), s, ctx));
      return;
    }
  }
  // "Omar to get the permit signed by the 20th"
  const to = leadingSubject(s, ctx.people, true);
  if (to) {
    out.push(...withDue(perOwner(to.owners, to.rest, s, s, { ...ctx, confidence: 0.75 }), s, ctx));
    return;
  }
  const co = coordinated(s, ctx);
  out.push(...(co ?? unitTasks(s, ctx)));
}

