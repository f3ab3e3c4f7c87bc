// What "it", "them" and "those" point back to. A request is often written in two sentences: the thing is
// named first ("I can't take on the venue booking after all") and then handed over with a pronoun ("Omar,
// could you cover it?"). The title then takes the thing from the sentence before.
import { findDates, resolveDue, type DateCtx } from './dates.js';

const DETERMINER = '(?:the|our|your|their|his|her|its|these|those)';
// what ends a noun phrase: a preposition, a verb that commonly follows a subject, a conjunction, punctuation
const NP_END =
  '(?=\\s+(?:for|to|with|by|on|in|at|from|after|before|as|of|is|are|was|were|has|have|had|needs?|came|went|will|would|can|could|should|must|and|but|so|because|since|until|today|tomorrow|tonight|this|next|after all|anymore|any more|again|yet|now|first|then|back|off|over|out|\\p{L}+ed)\\b|\\s*[,.;:!?()–—]|\\s+-\\s|$)';
const NP = new RegExp(`\\b${DETERMINER}\\s+((?:[\\p{L}\\d'’/&-]+\\s+){0,4}?[\\p{L}\\d'’/&-]+?)${NP_END}`, 'giu');
// phrases with a determiner that never name a thing to hand over
const NOT_THING = /^(?:same|whole|rest|other|first|last|next|end|moment|meantime|time|week|day|month|morning|afternoon|evening|weekend|team|client|customer|list|thread|email|call|meeting)\b/i;

/** The noun phrases of a sentence that could be handed over: its objects (after the verb) and its subject. */
export function phrases(sentence: string): { objects: string[]; subject: string | null } {
  const found: { np: string; at: number }[] = [];
  for (const m of sentence.matchAll(NP)) {
    const words = m[1]!.trim();
    if (NOT_THING.test(words) || !/\p{L}{3,}/u.test(words)) continue;
    found.push({ np: m[0]!.trim(), at: m.index! });
  }
  // a phrase within the first two words is the subject ("The venue booking is …", "Omar – the slides …")
  const lead = sentence.replace(/^[^,–—:]{1,30}(?:,|\s[–—-]\s|:)\s*/u, '');
  const offset = sentence.length - lead.length;
  const isObject = (f: { at: number }) => f.at - offset > 0 && lead.slice(0, f.at - offset).trim().split(/\s+/).length >= 2;
  return { objects: found.filter(isObject).map((f) => f.np), subject: found.find((f) => !isObject(f))?.np ?? null };
}

// lower case only: a title starts with its verb, and "IT" is a department
const PRONOUN_OBJECT = /\b(?:it|them|those|these|this one|that one|that)\b/;

/** "Cover it" + "I can't take on the venue booking" → "Cover the venue booking". Titles without a pronoun are kept. */
export function resolvePronoun(title: string, previous: string[]): string {
  const pron = title.match(PRONOUN_OBJECT);
  if (!pron || title.split(/\s+/).length > 6) return title;
  // "those"/"them"/"these" want a plural thing, "it"/"that one" a singular one
  const plural = /^(?:them|those|these)$/i.test(pron[0]);
  const agrees = (np: string) => /[^su]s$/i.test(np.split(/\s+/).pop()!) === plural;
  const recent = previous.slice(-2).reverse().map(phrases);
  const ranked = [...recent.flatMap((p) => p.objects), ...recent.map((p) => p.subject).filter((x): x is string => !!x)];
  const np = ranked.find(agrees);
  if (!np) return title;
  return title.replace(PRONOUN_OBJECT, np.replace(/^(?:the|our|your|their|his|her|its|these|those)\b/i, 'the'));
}

/**
 * "It needs to be with sales by the 10th." / "That has to happen before Friday." — a sentence that only
 * gives the deadline of the task just asked for. Returns the date, or null when the sentence is more.
 */
export function deadlineOfPrevious(sentence: string, dates: DateCtx): string | null {
  if (!/^(?:it|this|that)(?:['’]s| is| needs| has| must| should| will need)\b/i.test(sentence.trim())) return null;
  if (!findDates(sentence, dates).length) return null;
  return resolveDue(sentence, dates);
}

/** "at the same time", "the same day": the previous task's date carries over. */
export const SAME_TIME = /\b(?:at the same (?:time|moment)|(?:on )?the same (?:day|date)|same (?:deadline|date))\b/i;
