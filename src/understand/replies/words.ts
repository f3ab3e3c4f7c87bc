// The reply words of every language, merged, and the patterns built from them. Words live in
// understand/lexicon/<lang>.ts; this file only knows how to turn a list of phrases into a pattern.
import { replyWords as de } from '../lexicon/de.js';
import { replyWords as en } from '../lexicon/en.js';
import { replyWords as es } from '../lexicon/es.js';
import { replyWords as fr } from '../lexicon/fr.js';
import { replyWords as it } from '../lexicon/it.js';
import { replyWords as nl } from '../lexicon/nl.js';
import { replyWords as pt } from '../lexicon/pt.js';

type Lists = { [K in keyof typeof en]?: (typeof en)[K] };
const languages: Lists[] = [en, de, fr, es, pt, it, nl];
type ListKey = Exclude<keyof typeof en, 'donePhrasal'>;

/** Every language's phrases for one concern, longest first (so "not done yet" wins over "not"). */
const merged = new Map<ListKey, string[]>();
export function words(key: ListKey): string[] {
  let list = merged.get(key);
  if (!list) {
    const all = new Set<string>();
    for (const l of languages) for (const w of (l[key] as string[] | undefined) ?? []) all.add(normalize(w));
    merged.set(key, (list = [...all].sort((a, b) => b.length - a.length)));
  }
  return list;
}

/** Lower case, straight apostrophes, NFC: what both the lexicon and the reply are compared in. */
export function normalize(s: string): string {
  return s.normalize('NFC').replace(/[’‘`´]/g, "'").replace(/[“”«»„]/g, '"').toLowerCase();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const OBJECT = () => alternation(words('objects'), false);

/** A non-capturing alternation of phrases; a space matches any spaces, "{it}" any object word. */
export function alternation(list: string[], objects = true): string {
  return `(?:${list
    .map((w) => escape(w).replace(/\\\{it\\\}/g, '{it}').replace(/\s+/g, '\\s+'))
    .map((w) => (objects ? w.replace(/\{it\}/g, OBJECT()) : w))
    .join('|')})`;
}

/** A phrase list as a whole-word pattern. */
export function phrases(key: ListKey | string[], flags = 'iu'): RegExp {
  const list = typeof key === 'string' ? words(key) : key;
  return new RegExp(`(?<![\\p{L}\\p{N}'])${alternation(list)}(?![\\p{L}])`, flags);
}

export const objectWords = () => OBJECT();
export const phrasalDone = (): [string, string][] => languages.flatMap((l) => (l.donePhrasal as [string, string][] | undefined) ?? []);
