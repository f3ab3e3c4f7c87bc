// Features of one sentence for the request/commitment classifier. They describe ways of writing, not
// phrases: lemmas and lemma pairs, the part of speech that opens each clause (an imperative opens with a
// bare verb), the form of the first verb, who is addressed (you / I / we next to a modal), whether it is a
// question, and the shape of the sentence (length, links, money, shouting) that separates a person's ask
// from a sales pitch.
import type { Token } from './tokens.js';

const PRONOUNS = new Set(['i', 'we', 'you', 'u']);
const CLAUSE_BREAK = new Set([',', ';', ':', '-', '--', '–', '—', '(', ')', '"', '...', '…']);

function lengthBucket(n: number): string {
  return n <= 3 ? 'xs' : n <= 7 ? 's' : n <= 15 ? 'm' : n <= 30 ? 'l' : 'xl';
}

/** The form of the first verb and what stands before it: a bare form asks or promises ("send", "will
 * send"), a past form reports ("sent"). The tagger gives no tense, so the form is read against the lemma. */
function firstVerbForm(tokens: readonly Token[]): string[] {
  const v = tokens.findIndex((t) => t.pos === 'VERB');
  if (v < 0) return ['fv:none'];
  const t = tokens[v]!;
  const form = t.word === t.lemma ? 'base' : t.word.endsWith('ing') ? 'ing' : t.word.endsWith('s') && !t.word.endsWith('ss') ? 's' : 'past';
  return [`fv:${form}`, `fv:${form}_${tokens[v - 1]?.pos ?? '^'}`];
}

/** Feature names for one sentence. */
export function sentenceFeatures(raw: string, tokens: readonly Token[]): string[] {
  const f: string[] = [];
  const words = tokens.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SYM');
  const lemmas = tokens.map((t) => (t.pos === 'NUM' ? '#num' : t.pos === 'PROPN' ? '#name' : t.lemma));
  for (const l of lemmas) f.push(`w:${l}`);
  const seq = ['^', ...lemmas, '$'];
  for (let i = 0; i + 1 < seq.length; i++) f.push(`b:${seq[i]}_${seq[i + 1]}`);

  // how each clause opens: the sentence start and after a comma, colon or dash (after "Tom, …" or "Hi —")
  let start = true;
  let clauses = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (CLAUSE_BREAK.has(t.word) || t.pos === 'PUNCT') {
      start = true;
      continue;
    }
    if (start && clauses < 4) {
      const next = tokens[i + 1];
      f.push(`c:${t.pos}`, `c:${t.pos}_${next?.pos ?? '$'}`);
      if (t.pos === 'VERB' || t.pos === 'AUX') f.push(`cv:${t.lemma}`);
      if (clauses === 0) f.push(`s:${t.pos}`);
      clauses++;
    }
    start = false;
  }

  // modal + person and person + modal: "could you", "can we", "I will", "we'll"
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!, b = tokens[i + 1]!;
    if (a.pos === 'AUX' && PRONOUNS.has(b.word)) f.push(`mp:${b.word === 'u' ? 'you' : b.word}`, `mp:${a.lemma}_${b.word}`);
    if (PRONOUNS.has(a.word) && b.pos === 'AUX') f.push(`pm:${a.word}_${b.lemma}`);
    if (PRONOUNS.has(a.word) && b.pos === 'VERB') f.push(`pv:${a.word}`);
  }
  for (const t of words) if (PRONOUNS.has(t.word)) f.push(`p:${t.word}`);

  f.push(...firstVerbForm(tokens));

  const text = raw.trim();
  if (/\?\s*["')\]]*$/.test(text)) f.push('shape:question');
  else if (text.includes('?')) f.push('shape:question-inside');
  if (/!/.test(text)) f.push('shape:exclaim');
  if (/\$\s?\d|\d\s?%|\bfree\b/i.test(text)) f.push('shape:money');
  if (/https?:|www\.|\$LINK|\[\d+\]|>>>/i.test(text)) f.push('shape:link');
  const letters = text.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 8 && letters.replace(/[^A-Z]/g, '').length / letters.length > 0.5) f.push('shape:caps');
  if (/^[\p{Lu}][^.!?]*(?:\s[\p{Lu}]\w*){3,}/u.test(text) && !/[.?]$/.test(text)) f.push('shape:title');
  f.push(`len:${lengthBucket(words.length)}`);
  return f;
}
