// A reply that mixes a command with other instructions ("Done, but also move the deadline to Friday"):
// applying part of it would act on a guess, so the product asks first. Every state change goes through
// one authorisation rule; this only says what was asked.
import type { Command } from '../contract.js';
import type { DateCtx } from '../dates.js';
import { bodyLines, clausesOf } from './clauses.js';
import { isChatter, MAX_LINES, parseLine, SIGN_OFF } from './grammar.js';

/** Something we are asked to change, in words: a request to us, not a statement about oneself. */
const INSTRUCTION = /\b(?:move|push|postpone|reschedule|extend|change|update|set|give|hand|assign|reassign|transfer|add|remove|delete|cancel|drop|rename|invite|cc|schedule|book|forward|remind|mark|close|reopen|snooze|block|unblock)\b/i;
const FIRST_PERSON = /^(?:i|we|i'?ll|we'?ll|i'?m|we'?re|i'?ve|we'?ve|i'?d|let me|let us|let's)\b/i;
const FILLER = /^(?:(?:and|but|also|then|plus|so|oh|ok(?:ay)?|however|as well)\b[,\s]*|(?:can|could|would|will) you\s+(?:please\s+)?|please\s+)/i;

/** Where a sentence turns to another request: "…, and can you also …", "… but …", "; …". */
const CLAUSE_BREAK = /(?<=[.!?;])\s+|,\s+|\s+-\s+|\s+(?=(?:but|and)\s+(?:also|can you|could you|please)\b)|\s+but\s+/i;

export interface MixedReply {
  /** Commands read from the reply's clauses, in order. */
  commands: { command: Command; clause: string }[];
  /** Other requests for changes that are not commands we can apply. */
  others: string[];
}

/**
 * A reply that mixes a command with other instructions ("Done, but also move the deadline to
 * Friday", "done 1, and can you also give 2 to Carol") is ambiguous: null when it is not mixed, else what
 * was understood. Whole grammar lines stay commands; prose is split into clauses, each read by the
 * grammar, else by the free-wording parser; questions are never commands. Mixed = at least one command
 * plus either another request for a change, or commands of two different kinds where one came from prose.
 */
export function mixedReply(newText: string, dates: DateCtx, free: (clause: string) => Command | null): MixedReply | null {
  if (numberedList(newText, dates, free)) return null;
  const commands: MixedReply['commands'] = [];
  const others: string[] = [];
  let fromProse = false;
  for (const raw of newText.split('\n').slice(0, MAX_LINES)) {
    const line = raw.trim();
    if (!line) continue;
    if (SIGN_OFF.test(line)) break;
    const whole = parseLine(line, dates);
    if (whole) {
      if (whole.type === 'command') commands.push({ command: whole.command, clause: whole.line });
      continue;
    }
    const clauses = line.split(CLAUSE_BREAK);
    for (const clause of clauses) {
      let c = clause.trim();
      for (let prev = ''; prev !== c; ) [prev, c] = [c, c.replace(FILLER, '').trim()];
      c = c.replace(/[.!;]+$/, '').trim();
      if (!c || isChatter(c)) continue;
      const question = /\?\s*$/.test(c);
      const grammar = question ? null : parseLine(c, dates);
      const command = grammar?.type === 'command' ? grammar.command : question ? null : free(c);
      if (command) {
        commands.push({ command, clause: clause.trim() });
        fromProse = true;
      } else if (!FIRST_PERSON.test(c) && INSTRUCTION.test(c)) others.push(clause.trim().replace(/[,;]+$/, ''));
    }
  }
  if (!commands.length) return null;
  const kinds = new Set(commands.map((c) => c.command.action));
  return others.length || (fromProse && kinds.size > 1) ? { commands, others } : null;
}

const GREETING = /^(?:hi|hello|hey|dear|morning|good morning)\b[^.!?\d]{0,30}[,!.]?$/i;

/**
 * A reply that is only numbered commands, several to a line, the way people answer a digest ("2 done, 4
 * push to next Tue", "1 ✅ 3 blocked on finance"): each item's command, in order, or null when any clause
 * is something else (prose, a question, a request to someone) or no line holds more than one command.
 * Every clause names its own items, so none of them is a guess about what another one meant.
 */
export function numberedList(newText: string, dates: DateCtx, free: (clause: string) => Command | null): Command[] | null {
  const commands: Command[] = [];
  let several = false;
  const lines = bodyLines(newText, (l) => !!parseLine(l, dates)).slice(0, MAX_LINES);
  for (const line of lines) {
    if (SIGN_OFF.test(line)) break;
    if (isChatter(line) || GREETING.test(line)) continue;
    const whole = parseLine(line, dates);
    if (whole?.type === 'command') {
      commands.push(whole.command);
      continue;
    }
    const clauses = clausesOf([line]);
    for (const c of clauses) {
      if (!c.items || c.question || c.inQuestion) return null;
      const text = c.text.replace(/[.!;,]+$/, '').trim();
      // "4 push to Tue, and please remind Omar …": the item's clause goes on to ask something else
      if (text.split(CLAUSE_BREAK).filter((p) => p.trim()).length > 1) return null;
      const grammar = parseLine(text, dates);
      const command = grammar ? (grammar.type === 'command' ? grammar.command : null) : free(text);
      const items = command && Array.isArray(command.items) ? command.items : null;
      if (!command || !items || items.join() !== c.items.join()) return null;
      commands.push(command);
    }
    several ||= clauses.length > 1;
  }
  return several ? commands : null;
}
