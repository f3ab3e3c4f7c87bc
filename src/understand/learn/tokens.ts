// Words of one sentence with their part of speech and lemma, from wink-nlp's English model. The model is
// loaded on first use (about 0.2 s), so commands that never read sentences never pay for it.
import { createRequire } from 'node:module';

export interface Token {
  /** lower-cased word, contractions expanded by the model ("'ll" → "will") */
  word: string;
  lemma: string;
  /** Universal POS tag: VERB, AUX, PRON, NOUN, PROPN, ADJ, ADV, ADP, DET, PUNCT, SYM, NUM, … */
  pos: string;
}

interface WinkDoc {
  tokens(): { out(f: unknown): string[] };
}
interface Wink {
  readDoc(text: string): WinkDoc;
  its: { normal: unknown; lemma: unknown; pos: unknown };
}

let nlp: Wink | undefined;

function load(): Wink {
  if (!nlp) {
    // CommonJS packages without types; required synchronously so scoring stays a plain function
    const require = createRequire(import.meta.url);
    const winkNLP = require('wink-nlp') as (model: unknown, pipe?: string[]) => Wink;
    // sentence boundaries, entities and negation are not needed for one sentence: the POS tagger is enough
    nlp = winkNLP(require('wink-eng-lite-web-model'), ['pos']);
  }
  return nlp;
}

/** One sentence (or short block) as tokens; whitespace-only input gives none. */
export function tokenize(sentence: string): Token[] {
  if (!sentence.trim()) return [];
  const w = load();
  const doc = w.readDoc(sentence);
  const words = doc.tokens().out(w.its.normal);
  const lemmas = doc.tokens().out(w.its.lemma);
  const tags = doc.tokens().out(w.its.pos);
  return words.map((word, i) => ({ word, lemma: lemmas[i] ?? word, pos: tags[i] ?? 'X' }));
}
