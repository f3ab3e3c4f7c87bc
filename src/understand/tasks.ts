// Task extraction from the new text: the text is segmented into blocks first (list items, table rows,
// paragraphs), then each block is read by its layout (owner columns, "(Ana)", "Ana →", "Owner: Ana") and,
// where the layout says nothing, by its language (clauses.ts).
import type { ExtractedTask } from './contract.js';
import { findDates, resolveDue, type DateCtx } from './dates.js';
import { People, fold } from './people.js';
import { isWord } from './lexicon/index.js';
import { annotatedOwner, baseVerb, isUnassigned, leadingSubject, namesLine, ownerSegment } from './owners.js';
import { segment, isGreeting, type Block } from './structure/blocks.js';
import { SAME_TIME, deadlineOfPrevious, resolvePronoun } from './reference.js';
import type { Row } from './structure/tables.js';
import {
  DONE_STATUS, IMPERATIVE, MODAL_YOU, greetedNames, isMeetingRequest, makeTask, ownerFromName, splitSentences, unitTasks,
  type Ctx, type Section,
} from './clauses.js';

export type { Section } from './clauses.js';
export { isMeetingRequest, stripGreeting, greetedNames, MEETING_REQUEST } from './clauses.js';

const PRONOUN_OBJECT = /\b(?:it|this(?: one)?|that(?: one)?|them)\b/;

/** Tasks for each owner named (one task per owner, as a shared assignment is tracked per person). */
function perOwner(owners: string[], title: string, evidence: string, dueText: string, ctx: Ctx): ExtractedTask[] {
  const rest = title.replace(MODAL_YOU, '').replace(/^(?:please|pls)\s+/i, '').replace(MODAL_YOU, '');
  const whos = owners.length ? owners.map((o) => ownerFromName(o, ctx)) : [null];
  const out: ExtractedTask[] = [];
  for (const w of whos) {
    const t = makeTask(rest, w, dueText, ctx);
    if (t) out.push({ ...t, evidence });
  }
  return out;
}

function isDoneStatus(s: string | null | undefined): boolean {
  if (!s) return false;
  const f = fold(s).replace(/[.!✓✔]+$/, '').trim();
  return isWord('done', f) || DONE_STATUS.test(s);
}

function rowTasks(row: Row, ctx: Ctx): ExtractedTask[] {
  if (isDoneStatus(row.status) || isDoneStatus(row.due)) return [];
  if (/^[-=|\s]+$/.test(row.item)) return [];
  const c: Ctx = { ...ctx, isListItem: true, confidence: 0.9 };
  const dueText = row.due && !isUnassigned(row.due) ? row.due : '';
  let owners: string[] = [];
  if (row.owner && !isUnassigned(row.owner)) owners = ownerSegment(row.owner, ctx.people) ?? [row.owner];
  const tasks = perOwner(owners, row.item, row.raw, dueText, c);
  // a row whose work cell is only a noun ("Index") is still a row of the plan
  if (!tasks.length && /\p{L}{3,}/u.test(row.item)) return [{ title: row.item.trim(), owner: owners.length ? ownerFromName(owners[0]!, c) : null, due: dueText ? resolveDue(dueText, ctx.dates) : null, confidence: 0.6, evidence: row.raw }];
  for (const t of tasks) t.due = dueText ? resolveDue(dueText, ctx.dates) : null;
  return tasks;
}

/** "Venue contract – I'll sign it by Friday", "Catering: I'll call three caterers": a label, then a clause that owns it. */
function labelledClause(text: string, ctx: Ctx): ExtractedTask[] | null {
  const m = text.match(/^([^:–—]{3,60}?)\s*(?::|\s[–—-]\s|[–—])\s*(.{6,})$/u);
  if (!m) return null;
  const to = leadingSubject(m[2]!, ctx.people, true);
  const tasks = to ? withDue(perOwner(to.owners, to.rest, text, m[2]!, { ...ctx, confidence: 0.75 }), m[2]!, ctx) : unitTasks(m[2]!, { ...ctx, isListItem: false });
  if (!tasks.length || tasks.some((t) => !t.owner)) return null;
  for (const t of tasks) {
    // "sign it" → "sign the venue contract": the pronoun stands for the label
    if (PRONOUN_OBJECT.test(t.title)) t.title = t.title.replace(PRONOUN_OBJECT, m[1]!.trim().replace(/^\p{Lu}(?=\p{Ll})/u, (x) => x.toLowerCase()));
    t.evidence = text;
  }
  return tasks;
}

function itemTasks(block: Extract<Block, { kind: 'item' }>, ctx: Ctx): ExtractedTask[] {
  const c: Ctx = { ...ctx, isListItem: true };
  const text = block.text;
  if (isDoneStatus(block.status)) return [];
  const dueText = block.due ?? text;
  if (block.owner !== undefined) {
    const owners = isUnassigned(block.owner) ? [] : ownerSegment(block.owner, ctx.people) ?? [block.owner];
    return withDue(perOwner(owners, text, [text, block.owner].join(' · '), dueText, { ...c, confidence: 0.9 }), dueText, ctx);
  }
  if (DONE_STATUS.test(text) && !/\b(?:will|'ll|need|needs|please|can you|could you)\b/i.test(text.replace(DONE_STATUS, ''))) return [];
  const ann = annotatedOwner(text, ctx.people);
  // what is left must still name some work ("Lena Ortiz – PM (me)" names a role)
  if (ann && !isMeetingRequest(ann.rest) && /(?:^|\s)\p{Ll}{3,}/u.test(ann.rest)) {
    // the rest may itself be a sentence with its own owner ("Hall: Omar to book …")
    const inner = !ann.owners.length ? null : leadingSubject(ann.rest, ctx.people);
    if (/\bowner\b/i.test(ann.evidence) || !inner) return withDue(perOwner(ann.owners, ann.rest, text, text, { ...c, confidence: 0.85 }), text, ctx);
  }
  const lab = labelledClause(text, c);
  if (lab) return lab;
  const lead = leadingSubject(text, ctx.people);
  // the sentence rules know more shapes after a name ("Davide chiederà a Sara di …"); the bare subject is the fallback
  const read = lead ? unitTasks(text, c) : [];
  if (read.some((t) => t.owner)) return read;
  if (lead) return withDue(perOwner(lead.owners, lead.rest, text, text, { ...c, confidence: 0.8 }), text, ctx);
  const sentences = splitSentences(text);
  const out: ExtractedTask[] = [];
  for (const s of sentences) {
    const f = followUp(s, ctx);
    if (f && out.length) {
      applyFollowUp(out[out.length - 1]!, f, ctx);
      continue;
    }
    out.push(...unitTasks(s, c));
  }
  return out;
}

function withDue(tasks: ExtractedTask[], dueText: string, ctx: DateCtxHolder): ExtractedTask[] {
  const d = resolveDue(dueText, ctx.dates);
  for (const t of tasks) t.due = d;
  return tasks;
}
type DateCtxHolder = { dates: DateCtx };

/** "Lena, by the 9th please." / "Omar, that one's yours." — a follow-up that names who (and when) for the task before. */
function followUp(s: string, ctx: Ctx): { owner: string; due: string | null } | null {
  const m = s.match(/^(@?[\p{Lu}][\p{L}'’-]+)\s*,\s*(.+)$/u);
  if (!m || !ctx.people.find(m[1]!) && !/^\p{Lu}/u.test(m[1]!)) return null;
  const rest = m[2]!.trim();
  const ownsIt = /^(?:that(?: one)?|this(?: one)?|it)(?:['’]s| is) yours\b|^(?:over to you|yours)\b/i.test(rest);
  const dateOnly = /^(?:by|due|before|until|no later than)\b/i.test(rest) && rest.split(/\s+/).length <= 6 && findDates(rest, ctx.dates).length > 0;
  if (!ownsIt && !dateOnly) return null;
  return { owner: m[1]!, due: resolveDue(rest, ctx.dates) };
}

function applyFollowUp(t: ExtractedTask, f: { owner: string; due: string | null }, ctx: Ctx) {
  t.owner = ownerFromName(f.owner, { ...ctx, isListItem: true });
  if (f.due) t.due = f.due;
}

// "…, so I'll send X", "… and I'll draft Y": a commitment joined to the sentence before it
const JOINED_COMMITMENT = /,?\s+(?:so|and|but|then)\s+(?=(?:I|we)(?:['’]ll| will| can)\s|\p{Lu}\p{Ll}+ will\s)/u;
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

function paraTasks(text: string, ctx: Ctx, out: ExtractedTask[], history: string[]) {
  const first = out.length; // a follow-up ("Omar, that one's yours") only names a task of this paragraph
  let lastStart = first; // where the tasks of the latest sentence that gave any begin
  for (const sentence of splitSentences(text)) {
    for (const s of sentence.split(JOINED_COMMITMENT)) {
      if (isGreeting(s)) continue;
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

// a paragraph that introduces the list after it as the reader's or the writer's
const LIST_FOR_YOU = /\b(?:from you(?:r side| guys)?|for you to do|on your side|you(?:['’]ll)? need to|your (?:to-?dos?|actions|tasks|side))\b[^.!?]*:\s*$/i;
const LIST_FOR_ME = /\b(?:on my side|from my side|my (?:to-?dos?|actions|tasks)|i(?:['’]ll| will) (?:take|handle|do))\b[^.!?]*:\s*$/i;

export function extractTasks(sections: Section[], people: People, dates: DateCtx, briefLike: boolean): ExtractedTask[] {
  const tasks: ExtractedTask[] = [];
  for (const section of sections) {
    let greeted: string[] = []; // who the section's greeting line named: "you" in the prose after it
    const out: ExtractedTask[] = [];
    const history: string[] = []; // the section's sentences so far, for "it" / "them" in a later one
    let listFor: 'you' | 'me' | null = null; // whose list the paragraph before the items introduced
    for (const block of segment(section.text, people)) {
      const ctx: Ctx = { people, dates, section, isListItem: false, briefLike, ...(greeted.length ? { addressees: greeted } : {}) };
      if (block.kind === 'greeting') greeted = greetedNames(block.text, people).length ? greetedNames(block.text, people) : namesLine(block.text, people);
      else if (block.kind === 'row') out.push(...rowTasks(block.row, ctx));
      else if (block.kind === 'item') {
        // items under "what we need from your side:" are the reader's, "on my side:" the writer's (in a thread too)
        const who = listFor === 'you' ? section.you : listFor === 'me' ? section.author : null;
        const tasks = itemTasks(block, who ? { ...ctx, briefLike: true } : ctx);
        if (who) for (const t of tasks) if (t.owner === null && !isUnassigned(block.text) && !/\b(?:owner|tbd|tbc)\b/i.test(block.text)) Object.assign(t, { owner: who, confidence: 0.7 });
        out.push(...tasks);
      } else {
        listFor = LIST_FOR_YOU.test(block.text) ? 'you' : LIST_FOR_ME.test(block.text) ? 'me' : null;
        paraTasks(block.text, ctx, out, history);
      }
    }
    tasks.push(...out);
  }
  // de-duplicate
  const seen = new Set<string>();
  return tasks.filter((t) => {
    const k = `${fold(t.title)}|${t.owner ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export { findDates };
