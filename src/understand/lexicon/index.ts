// Every language's words merged, and the matchers built from them. Rules ask these instead of keeping
// their own lists, so supporting a language means adding one file here.
import type { TaskWords } from './types.js';
import { taskWords as en } from './en.js';
import { taskWords as de } from './de.js';
import { taskWords as fr } from './fr.js';
import { taskWords as es } from './es.js';
import { taskWords as pt } from './pt.js';
import { taskWords as it } from './it.js';
import { taskWords as nl } from './nl.js';
import { taskWords as pl } from './pl.js';

export type { TaskWords } from './types.js';
export const languages: Record<string, TaskWords> = { en, de, fr, es, pt, it, nl, pl };

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type ListKey = Exclude<keyof TaskWords, 'headers'>;

/** The words of one list in every language, folded (no accents, lower case), longest first. */
export function words(key: ListKey): string[] {
  const all = new Set<string>();
  for (const l of Object.values(languages)) for (const w of l[key]) all.add(fold(w));
  return [...all].sort((a, b) => b.length - a.length);
}

export function headerWords(key: keyof TaskWords['headers']): string[] {
  const all = new Set<string>();
  for (const l of Object.values(languages)) for (const w of l.headers[key]) all.add(fold(w));
  return [...all].sort((a, b) => b.length - a.length);
}

/** A regular-expression alternation of a list, for matching folded text. Spaces match any whitespace. */
export function alternation(list: string[]): string {
  return `(?:${list.map((w) => escape(w).replace(/ /g, '\\s+')).join('|')})`;
}

/** A list as written and folded ("könntest du" and "konntest du"), for matching text that keeps its accents. */
export function variants(key: ListKey): string[] {
  const all = new Set<string>();
  for (const l of Object.values(languages)) for (const w of l[key]) for (const v of [w.toLowerCase(), fold(w)]) all.add(v);
  return [...all].sort((a, b) => b.length - a.length);
}

const sets = new Map<string, Set<string>>();
/** Is this whole phrase (folded, trimmed) in the list? */
export function isWord(key: ListKey, phrase: string): boolean {
  let s = sets.get(key);
  if (!s) sets.set(key, (s = new Set(words(key))));
  return s.has(fold(phrase).replace(/\s+/g, ' ').trim());
}

export { fold as foldWord };
