// Free-worded reply commands: each clause of the new text is read for a predicate (finished, waiting,
// a new date, someone else, …), its polarity and whether it is addressed to the assistant. The first
// clause in reading order that reads as a command with enough confidence decides; when unsure, it is
// not a command (the product then asks one question instead of acting on a guess).
import type { Command, CommandAction } from '../contract.js';
import { resolveDue } from '../dates.js';
import { bodyLines, clausesOf, ITEM_LIST, itemsOf, type Clause } from './clauses.js';
import { MAX_LINES, parseLine } from './grammar.js';
import { patterns } from './patterns.js';
import { dueOf, negated, ownerOf, reasonFrom, weak, type ReadOptions } from './arguments.js';
import { normalize } from './words.js';

export type { ReadOptions } from './arguments.js';


export interface Reading {
  command: Command;
  confidence: number; // 0..1: how clearly the clause says it
  clause: string;
}

const MAX_CLAUSES = 60;
const MAX_CLAUSE = 1000;
const CONTEXT = 8; // clauses read after the one that carries the command (reason, dependency, a later date)

/** Below this a reading is a guess, and a guess is never a command. */
export const THRESHOLD = 0.6;

interface Guess {
  action: CommandAction;
  confidence: number;
  due?: string | null;
  owner?: string | null;
  reason?: string | null;
  items?: number[] | 'all';
}

// a colleague named at the head of a clause ("Priya – done?", "Owen, didn't you …"): not to us
const VOCATIVE = /^([\p{Lu}][\p{L}'-]+)\s*(?:[,–—:-])\s+/u;
const NOT_NAMES = /^(?:hi|hello|hey|dear|sorry|thanks|ok|okay|yes|no|so|also|update|done|blocked|note|fyi|quick|sure|great|all|status|help|snooze|progress|update)$/i;

export function readReply(text: string, opts: ReadOptions): Reading | null {
  const p = patterns();
  const lines = bodyLines(text, (l) => p.doneHead.test(normalize(l)) || p.blockedHead.test(normalize(l)) || !!parseLine(l, opts.dates));
  // bounded work on any input: a command sits in the first clauses, and the context it needs is the next few
  const clauses = clausesOf(lines.slice(0, MAX_LINES).map((l) => l.slice(0, MAX_CLAUSE))).slice(0, MAX_CLAUSES);
  // a line that opens by naming a colleague ("Priya – done? I still can't log in") is to them, not to us
  const toColleague = new Set(lines.slice(0, MAX_LINES).flatMap((l, i) => (colleagueNamed(l, opts) ? [i] : [])));
  let colleagueLine = -1;
  for (const c of clauses) {
    if (c.line === colleagueLine || toColleague.has(c.line)) continue;
    const rest = clauses.slice(c.index, c.index + CONTEXT).map((x) => x.text).join(' ');
    const g = readClause(c, clauses, rest, opts);
    if (g === 'colleague') colleagueLine = c.line;
    // a tentative clause ("we might need to move this later") lowers any reading short of a plain command word;
    // progress is an estimate anyway ("maybe 50% there")
    else if (g && (g.confidence >= 0.95 || g.action === 'progress' || !patterns().tentative.test(normalize(c.text)) ? g.confidence : g.confidence - 0.25) >= THRESHOLD) {
      const command: Command = { action: g.action, reason: g.reason ?? null, due: g.due ?? null, owner: g.owner ?? null };
      const items = g.items ?? c.items;
      if (items) command.items = items;
      return { command, confidence: g.confidence, clause: c.text };
    }
  }
  return null;
}

/** Does this text open by addressing a colleague: a person of this message, or any name before a question? */
function colleagueNamed(text: string, opts: ReadOptions): boolean {
  const name = VOCATIVE.exec(text)?.[1];
  if (!name || NOT_NAMES.test(name) || opts.people?.isAssistant(name)) return false;
  return !!opts.people?.find(name) || /^[^.!?]*\?/.test(text.slice(name.length));
}

export function parseCommand(text: string, opts: ReadOptions): Command | null {
  return readReply(text, opts)?.command ?? null;
}

/** Which numbered items a batched reply names: "done 1 and 3" → [1, 3], "2 is done" → [2], "all done" → 'all'. */
export function parseItems(clause: string): number[] | 'all' | undefined {
  const n = normalize(clause).trim();
  if (/^all\s+\S+[\s!.\p{Extended_Pictographic}]*$/u.test(n) && patterns().doneHead.test(n)) return 'all';
  const c = clausesOf([clause])[0];
  if (c?.items) return c.items;
  // the grammar's "verb list" form: "done 1 and 3", "blocked 2: …"
  const m = new RegExp(`^\\p{L}+\\s*[:-]?\\s*(${ITEM_LIST})(?![\\d%])(?!\\s*(?:days?|weeks?|of)\\b)`, 'u').exec(n);
  return m ? itemsOf(m[1]!) : undefined;
}

function readClause(c: Clause, all: Clause[], rest: string, opts: ReadOptions): Guess | 'colleague' | null {
  const p = patterns();
  // words in quotes are mentioned, not used: 'what does "decline" do?'
  const b = c.body.replace(/^[\s*•>]+/, '').replace(/"[^"]{1,40}"|(?<![\p{L}])'[^'\s][^']{0,38}[^'\s]'(?![\p{L}])/gu, '…').replace(/\s+/g, ' ').replace(p.preface, '');
  if (!b) return null;
  // the closed grammar first: "done 1 and 3", "blocked 2 waiting on legal", "move 3 to Friday"
  const grammar = c.question ? null : parseLine(c.text, opts.dates);
  if (grammar?.type === 'command') {
    const g = grammar.command;
    const reason = g.reason ?? (g.action === 'blocked' || g.action === 'decline' ? reasonFrom(rest) : null);
    return { ...g, reason, items: g.items ?? c.items, confidence: 0.97 };
  }
  // a colleague named at the head ("Lena – is the venue booked?", "Sam, did you send it?"): a person of
  // this message, or any name before a question
  if (colleagueNamed(c.text, opts)) return 'colleague';
  if (p.chatter.test(b) && !p.unsubscribe.test(b)) return null;
  // a condition ("if so, …") or a remark about the assistant to someone else is not an instruction to it
  if (p.condition.test(b) || p.thirdPartyAssistant.test(b)) return null;
  // asking for advice ("should I reassign this?") and someone else's item are not instructions about one's own
  if ((c.question && p.askAdvice.test(b)) || (p.othersItem.test(b) && !/^(?:my|our)\b/.test(b))) return null;

  // questions about the assistant itself, and asks for a list
  if (p.helpAlone.test(b) || (p.helpTopics.test(b) && c.inQuestion) || (c.question && /^how (?:do|can|should) (?:i|we)\b/.test(b) && p.helpCommands.test(b)) || (p.helpAsk.test(b) && p.helpWords.test(b) && (p.firstPerson.test(b) || /\b(?:you|these|your (?:e-?mails?|messages?|reminders?))\b/.test(b)) && (c.question || /^(?:how|what)\b/.test(b)))) return { action: 'help', confidence: 0.85 };
  if (p.statusAlone.test(b)) return { action: 'status', confidence: 0.9 };
  if (p.unsubscribeAlone.test(b)) return { action: 'unsubscribe', confidence: 0.9 };
  if (p.unsubscribe.test(b) && !c.inQuestion) return { action: 'unsubscribe', confidence: 0.9 };
  const stop = p.stopMail.exec(b);
  if (stop && (p.mailWords.test(b.slice(stop.index)) || /mail/.test(stop[0]))) return { action: 'unsubscribe', confidence: 0.85 };
  if (p.statusReport.test(b) && (c.question || p.request.test(b))) return { action: 'status', confidence: 0.8 };
  if (p.status.test(b) && (c.question || /\b(?:send|give|list|show|tell)\s+me\b|\bcan you\b|\bplease\b/.test(b))) return { action: 'status', confidence: 0.8 };

  // "not done yet": blocked when it names what it waits on, progress when it reports movement
  if (p.notYet.test(b) && !c.question) {
    const after = all.slice(c.index, c.index + CONTEXT).map((x) => normalize(x.text)).join(' ');
    if (p.waiting.test(after) || p.thirdPartyNotYet.test(after.replace(p.notYet, ' ')) || p.cantUntil.test(after)) return { action: 'blocked', confidence: 0.85, reason: reasonFrom(rest) };
    return { action: 'progress', confidence: p.progress.test(after) || p.movement.test(after) || p.partCount.test(after) ? 0.8 : 0.65 };
  }

  // someone else should have it
  const owned = p.ownerAs.exec(b);
  if (owned) {
    const owner = ownerOf((owned[1] ?? owned[2])!, c.text, rest, opts);
    if (owner !== undefined) return { action: 'reassign', owner, confidence: 0.8 };
  }
  const hand = p.hand.exec(b) ?? p.handFinal.exec(b);
  if (hand && !resolveDue(b.slice(hand.index), opts.dates)) {
    const owner = ownerOf(hand[1]!, c.text, rest, opts);
    if (owner !== undefined) return { action: 'reassign', owner, confidence: 0.85 };
  }
  const belongs = p.belongsTo.exec(b);
  if (belongs) {
    const owner = ownerOf(belongs[1]!, c.text, rest, opts);
    if (owner) return { action: 'reassign', owner, confidence: 0.75 };
  }
  const better = p.betterOwner.exec(b);
  if (better && !/^(?:i|we|someone|somebody|anyone|nobody|who)$/.test(better[1]!)) {
    const person = opts.people?.find(better[1]!);
    if (person) return { action: 'reassign', owner: person.address, confidence: 0.7 };
  }
  if (p.decline.test(b) || p.declineModal.test(b) || (p.notMine.test(b) && !c.question)) {
    // a decline that names who should have it is a reassignment ("I can't do this one, but Grace can – give it to her")
    for (const next of all.slice(c.index + 1, c.index + 3)) {
      const n = normalize(next.text);
      const to = p.hand.exec(n) ?? p.belongsTo.exec(n) ?? p.ownerAs.exec(n);
      const owner = to ? ownerOf((to[1] ?? to[2])!, next.text, rest, opts) : undefined;
      if (owner) return { action: 'reassign', owner, confidence: 0.8 };
    }
    return { action: 'decline', confidence: 0.85, reason: reasonFrom(rest) };
  }

  if (p.snooze.test(b) && !(c.question && /^(?:what|when|where|why|who|how)\b/.test(b))) {
    const due = resolveDue(c.text, opts.dates) ?? resolveDue(rest, opts.dates);
    return { action: 'snooze', due, confidence: /^snooze\b/.test(b) || /remind me|ping me|nudge me/.test(b) ? 0.85 : 0.7 };
  }

  // a later answer on a named day
  if (p.laterWithDate.test(b) && !c.inQuestion) {
    const due = resolveDue(c.text, opts.dates);
    if (due) return { action: 'snooze', due, confidence: 0.7 };
  }

  // a new date
  // a shift verb needs a date, an object ("push this"), a particle ("back") or an imperative head to be ours:
  // "I'm moving to the new office" is not a new due date
  const shift = p.shift.exec(b);
  if (shift && !negated(b, shift.index + 1) && (shift[1] || shift[2] || /\s(?:to|until|till|by|a|al|para|auf|au|à|naar|tot|alla)\s*$/.test(b.slice(0, b.length - shift[3]!.length)))) {
    const due = dueOf(shift[3]!, opts.dates);
    const imperative = shift.index === 0 || p.request.test(b);
    if (due || shift[1] || imperative) return { action: 'reschedule', due, confidence: due ? 0.9 : 0.7 };
  }
  // "auf Freitag verschieben", "we need to move the delivery to the 30th": a shift verb and a date
  const shiftDate = p.shiftVerb.test(b) ? dueOf(c.text, opts.dates) : null;
  if (shiftDate) return { action: 'reschedule', due: shiftDate, confidence: 0.75 };
  const passive = p.passiveShift.exec(b);
  if (passive) {
    const due = dueOf(passive[1]!, opts.dates);
    if (due || c.question || p.request.test(b)) return { action: 'reschedule', due, confidence: due ? 0.85 : 0.65 };
  }
  if (p.dateRefused.test(b) && resolveDue(c.text, opts.dates) && !c.question) {
    const later = all.slice(c.index + 1, c.index + CONTEXT).map((x) => x.text).join(' ');
    return { action: 'reschedule', due: resolveDue(later, opts.dates), confidence: 0.7 };
  }
  const cant = p.cantUntil.exec(b);
  const cantDate = cant ? resolveDue(cant[2]!, opts.dates) : null;
  if (cant && cantDate && /before|until|till/.test(cant[1]!) && !p.negator.test(cant[2]!)) return { action: 'reschedule', due: cantDate, confidence: 0.8 };
  if (cant && cantDate && cant[1] === 'by') {
    // "won't be ready by Friday": that date is the old one; a new one may follow ("can we say the 19th?")
    const later = all.slice(c.index + 1, c.index + CONTEXT).map((x) => x.text).join(' ');
    return { action: 'reschedule', due: resolveDue(later, opts.dates), confidence: 0.7 };
  }
  if (p.moreTime.test(b)) return { action: 'reschedule', due: resolveDue(c.text, opts.dates), confidence: 0.8 };
  // "let's aim for the 14th instead", "can we make the deadline the 26th?": a hint or a deadline word, and a date
  if ((p.dateHints.test(b) || (p.deadline.test(b) && p.request.test(b))) && !p.negator.test(b.split(/\s+/).slice(0, 3).join(' '))) {
    const due = resolveDue(c.text, opts.dates);
    if (due) return { action: 'reschedule', due, confidence: 0.75 };
    // a vague new time asked for: "can we do this next week instead?"
    if (p.request.test(b) && /\b(?:next|following)\s+(?:week|month|sprint|quarter)\b|\blater\b|\bafter\b/.test(b)) return { action: 'reschedule', due: null, confidence: 0.65 };
  }

  // waiting on someone
  if (p.blockedHead.test(b)) return { action: 'blocked', confidence: 0.95, reason: reasonFrom(rest) };
  if (!c.question && (cant || p.nothingUntil.test(b) || p.needFirst.test(b))) return { action: 'blocked', confidence: 0.8, reason: reasonFrom(rest) };
  if (!c.inQuestion && p.cantGo.test(b)) {
    // "I can't move forward on this – IT still hasn't provisioned my account": blocked when a reason follows
    const after = all.slice(c.index, c.index + CONTEXT).map((x) => normalize(x.text)).join(' ');
    const reason = p.waiting.test(after) || p.thirdPartyNotYet.test(after) || /\b(?:because|since|as|won't|will not|refuses?|keeps? failing)\b/.test(after);
    return { action: 'blocked', confidence: reason ? 0.75 : 0.5, reason: reasonFrom(rest) };
  }
  const wait = p.waiting.exec(b.replace(p.notWaiting, ' '));
  if (wait && !c.inQuestion && !p.negator.test(b.slice(0, wait.index).split(/\s+/).slice(-2).join(' '))) {
    // "the printer is stuck": a thing other than the work, as the subject of stuck/blocked, is not the task waiting
    const other = /^(?:stuck|blocked)/.test(wait[0]) && /(?:^|\s)(?:the|a|an|my|our|his|her|their)\s+(?!task|project|work|item|job)\p{L}+(?:\s+\p{L}+)?\s+(?:is|are|was|were|got|gets)\s+(?:still\s+|again\s+)?$/u.test(b.slice(0, wait.index));
    return { action: 'blocked', confidence: other ? 0.5 : weak(b, 0.75), reason: reasonFrom(rest) };
  }

  if (!c.inQuestion && p.stillNot.test(b) && !/^(?:i|we)\b/.test(b)) return { action: 'blocked', confidence: weak(b, 0.7), reason: reasonFrom(rest) };

  // movement
  if (!c.inQuestion && p.doneSome.test(b)) return { action: 'progress', confidence: 0.75 };
  if (!c.inQuestion && p.almostDone.test(b)) return { action: 'progress', confidence: 0.8 };
  if (p.doneButNot.test(b)) return { action: 'progress', confidence: 0.8 };
  if (!c.question && (p.progress.test(b) || p.partCount.test(b)) && !p.doneHead.test(b)) return { action: 'progress', confidence: p.progress.test(b) ? 0.8 : 0.65 };

  // finished
  if (c.question) return null;
  if (p.closeOut.test(b)) return { action: 'done', confidence: 0.85 };
  const head = p.doneHead.exec(b);
  if (head && !negated(b, head.index + head[0].length)) {
    const allItems = /^all\s+\S+[\s!.\p{Extended_Pictographic}]*$/u.test(b) && !c.items;
    return { action: 'done', confidence: 0.9, ...(allItems ? { items: 'all' as const } : {}) };
  }
  const first = p.doneWith.exec(b) ?? p.doneFirstPerson.exec(b) ?? p.doneCopula.exec(b) ?? p.donePerfect.exec(b) ?? p.doneSubject.exec(b) ?? p.doneGot.exec(b);
  if (first && p.partial.test(b) && !negated(b, first.index + first[0].length) && !c.inQuestion) return { action: 'progress', confidence: 0.7 };
  // "the vendor is all set, they just need the PO": something still needed is not done
  const stillNeeded = /\b(?:still|just|only)\s+needs?\b|\bbut\b/.test(b.slice(first ? first.index : 0));
  if (first && !negated(b, first.index + first[0].length) && !c.inQuestion) return { action: 'done', confidence: p.hedge.test(b.slice(0, first.index)) || stillNeeded ? 0.5 : weak(b, 0.75) };
  return null;
}
