// A reply that mixes a command with other instructions ("Done, but also move the deadline to Friday"):
// applying part of it would act on a guess, so the product asks first. Every state change goes through
// one authorisation rule; this only says what was asked.
import type { Command } from '../contract.js';
import type { DateCtx } from '../dates.js';
import { isChatter, MAX_LINES, parseLine, SIGN_OFF } from './grammar.js';

/** Something we are asked to change, in words: a request to us, not a statement about oneself. */
const INSTRUCTION = /\b(?:move|push|postpone|reschedule|extend|change|update|set|give|hand|assign|reassign|transfer|add|remove|delete|cancel|drop|rename|invite|cc|schedule|book|forward|remind|mark|close|reopen|snooze|block|unblock)\b/i;
const FIRST_PERSON = /^(?:i|we|i'?ll|we'?ll|i'?m|we'?re|i'?ve|we'?ve|i'?d|let me|let us|let's)\b/i;
const FILLER = /^(?:(?:and|but|also|then|plus|so|oh|ok(?:ay)?|however|as well)\b[,\s]*|(?:can|could|would|will) you\s+(?:please\s+)?|please\s+)/i;

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
    const clauses = line.split(/(?<=[.!?;])\s+|,\s+|\s+-\s+|\s+(?=(?:but|and)\s+(?:also|can you|could you|please)\b)|\s+but\s+/i);
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
