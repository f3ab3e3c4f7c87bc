// Small pieces every reader of a block shares: one task per owner, dates, done words, follow-ups.
import type { ExtractedTask } from './contract.js';
import { findDates, resolveDue, type DateCtx } from './dates.js';
import { fold } from './people.js';
import { isWord } from './lexicon/index.js';
import { DONE_STATUS, MODAL_YOU, makeTask, ownerFromName, type Ctx } from './clauses.js';

/** Tasks for each owner named (one task per owner, as a shared assignment is tracked per person). */
export function perOwner(owners: string[], title: string, evidence: string, dueText: string, ctx: Ctx): ExtractedTask[] {
  const rest = title.replace(MODAL_YOU, '').replace(/^(?:please|pls)\s+/i, '').replace(MODAL_YOU, '');
  const whos = owners.length ? owners.map((o) => ownerFromName(o, ctx)) : [null];
  const out: ExtractedTask[] = [];
  for (const w of whos) {
    const t = makeTask(rest, w, dueText, ctx);
    if (t) out.push({ ...t, evidence });
  }
  return out;
}

export function isDoneStatus(s: string | null | undefined): boolean {
  if (!s) return false;
  const f = fold(s).replace(/(?<![.!✓✔])[.!✓✔]+$/, '').trim();
  return isWord('done', f) || DONE_STATUS.test(s);
}

export function withDue(tasks: ExtractedTask[], dueText: string, ctx: DateCtxHolder): ExtractedTask[] {
  const d = resolveDue(dueText, ctx.dates);
  for (const t of tasks) t.due = d;
  return tasks;
}
type DateCtxHolder = { dates: DateCtx };

/** "Lena, by the 9th please." / "Omar, that one's yours." — a follow-up that names who (and when) for the task before. */
export function followUp(s: string, ctx: Ctx): { owner: string; due: string | null } | null {
  const m = s.match(/^(@?[\p{Lu}][\p{L}'’-]+)\s*,\s*(.+)$/u);
  if (!m || !ctx.people.find(m[1]!) && !/^\p{Lu}/u.test(m[1]!)) return null;
  const rest = m[2]!.trim();
  const ownsIt = /^(?:that(?: one)?|this(?: one)?|it)(?:['’]s| is) yours\b|^(?:over to you|yours)\b/i.test(rest);
  const dateOnly = /^(?:by|due|before|until|no later than)\b/i.test(rest) && rest.split(/\s+/).length <= 6 && findDates(rest, ctx.dates).length > 0;
  if (!ownsIt && !dateOnly) return null;
  return { owner: m[1]!, due: resolveDue(rest, ctx.dates) };
}

export function applyFollowUp(t: ExtractedTask, f: { owner: string; due: string | null }, ctx: Ctx) {
  t.owner = ownerFromName(f.owner, { ...ctx, isListItem: true });
  if (f.due) t.due = f.due;
}
