// Task extraction from the new text: the text is segmented into blocks first (list items, table rows,
// paragraphs), then each block is read by its layout (owner columns, "(Ana)", "Ana →", "Owner: Ana") and,
// where the layout says nothing, by its language (clauses.ts).
import type { ExtractedTask } from './contract.js';
import { findDates, resolveDue, type DateCtx } from './dates.js';
import { People, fold } from './people.js';
import { annotatedOwner, isUnassigned, leadingSubject, namesLine, ownerSegment } from './owners.js';
import { segment, type Block } from './structure/blocks.js';
import type { Row } from './structure/tables.js';
import { DONE_STATUS, IMPERATIVE, greetedNames, isMeetingRequest, ownerFromName, splitSentences, unitTasks, type Ctx, type Section } from './clauses.js';
import { applyFollowUp, followUp, isDoneStatus, perOwner, withDue } from './task-build.js';
import { paraTasks } from './prose.js';

export type { Section } from './clauses.js';
export { isMeetingRequest, stripGreeting, greetedNames, MEETING_REQUEST } from './clauses.js';

const PRONOUN_OBJECT = /\b(?:it|this(?: one)?|that(?: one)?|them)\b/;


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
    const label = m[1]!.trim().replace(/^\p{Lu}(?=\p{Ll})/u, (x) => x.toLowerCase());
    if (PRONOUN_OBJECT.test(t.title)) t.title = t.title.replace(PRONOUN_OBJECT, label);
    // "Replace the lighting – I'll get quotes in" → "Get quotes in to replace the lighting": the label is the goal
    else if (IMPERATIVE.test(label) && !t.title.toLowerCase().includes(label.toLowerCase())) t.title = `${t.title} to ${label}`;
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
