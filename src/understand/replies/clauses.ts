// A reply's new text as clauses in reading order: the sign-off and signature cut off, sentences split,
// and batched forms ("2 done, 3 push to Thu") split before each item number so each command stands alone.
import { alternation, normalize, words } from './words.js';

let signOffRe: RegExp | null = null;
const SIGN_OFF = () => (signOffRe ??= new RegExp(`^(?:${alternation(words('signOffs'))})(?![\\p{L}])[^.?!]{0,25}[.!,]?$`, 'iu'));
const SEPARATOR = /^(?:--|—|–|__+|-{2,}\s*\w*)\s*$/u;
// a line that is only a name ("Reggie", "Declan Fry", "-J"): the signature starts there
const NAME_LINE = /^[-–—~]?\s*[\p{Lu}][\p{L}'.-]*(?:\s+[\p{Lu}][\p{L}'.-]*){0,3}\s*$/u;

/** Numbered items at the head of a clause: "2", "#1", "1 and 4", "1, 3 & 5". */
export const ITEM_LIST = String.raw`#?\d{1,2}(?:\s*(?:,|&|\+|and|und|y|et|e|en)\s*#?\d{1,2})*`;
// the item list stands alone or is followed by a word, an arrow or a dash, never by a unit
const ITEM_HEAD = new RegExp(String.raw`^(?:(?:item|task|no\.?|nr\.?|number|punkt|point|tarea|tâche|tarefa|punto)\s*)?\(?(${ITEM_LIST})\)?(?![\d.,/:]\d)(?!\s*(?:%|x\b|of\b|out of\b|days?\b|weeks?\b|hours?\b|h\b|am\b|pm\b|st\b|nd\b|rd\b|th\b|\p{L}*s\b(?=\s+(?:are|were|have))))\s*(?:[:.)\]→>=–—-]+\s*)?`, 'iu');

// a question mark then only blanks or emoji; one class, so a long run of blanks is tried one way only
const END_QUESTION = /\?[\p{Extended_Pictographic}\s]*$/u;
const ITEM_LIST_ALONE = new RegExp(`^${ITEM_LIST}\\s*[:.)→>=–—-]*$`, 'u');

export interface Clause {
  text: string; // as written
  items?: number[];
  body: string; // normalized, without the item list
  question: boolean;
  inQuestion: boolean; // the sentence it belongs to ends with a question mark
  line: number; // which input line it came from
  index: number;
}

/** The lines of the new text above the sign-off or signature. */
export function bodyLines(text: string, isCommandWord: (line: string) => boolean): string[] {
  const out: string[] = [];
  const signOff = SIGN_OFF();
  for (const raw of text.split('\n')) {
    const t = raw.trim();
    if (!t) continue;
    if (out.length && (signOff.test(normalize(t)) || SEPARATOR.test(t) || (NAME_LINE.test(t) && !isCommandWord(t)))) break;
    out.push(t);
  }
  return out;
}

export function itemsOf(list: string): number[] {
  return [...list.matchAll(/\d{1,2}/g)].map((m) => Number(m[0])).filter((n, i, a) => n > 0 && a.indexOf(n) === i);
}

/** Split lines into clauses; an item list left alone ("2 –") joins the clause after it. */
export function clausesOf(lines: string[]): Clause[] {
  const parts: { text: string; inQuestion: boolean; line: number }[] = [];
  const endsInQuestion = (t: string) => END_QUESTION.test(t);
  for (const [lineNo, line] of lines.entries()) {
    for (const sentence of line.split(/(?<=[.!?])(?<!(?:^|[^\d])\d{1,2}\.|\b(?:e\.g|i\.e|z\.b|approx|etc|vs|no|nr)\.)\s+(?=\S)/iu)) {
      const inQuestion = endsInQuestion(sentence);
      const pieces = sentence
        .split(/(?<=\p{Extended_Pictographic}\uFE0F?)\s+(?=#?\d{1,2}\s+\p{L})|\s+(?=\(\d{1,2}\)\s)|;\s+|\s+[–—]\s+|\s+-\s+|,\s+(?=#?\d{1,2}\s*(?:[:.)→–—-]|and\b|&|is\b|are\b|\p{L}))/u)
        .map((x) => x.trim())
        .filter(Boolean);
      for (const text of pieces) {
        const prev = parts[parts.length - 1];
        if (prev && ITEM_LIST_ALONE.test(prev.text)) prev.text = `${prev.text} – ${text}`;
        else parts.push({ text, inQuestion, line: lineNo });
      }
    }
  }
  return parts.map(({ text, inQuestion, line }, index) => {
    const n = normalize(text);
    const m = ITEM_HEAD.exec(n);
    const hasItems = m && m[1] && n.length > m[0].length;
    return {
      text,
      index,
      items: hasItems ? itemsOf(m[1]!) : undefined,
      body: (hasItems ? n.slice(m[0].length) : n).trim(),
      question: endsInQuestion(text),
      inQuestion,
      line,
    };
  });
}
