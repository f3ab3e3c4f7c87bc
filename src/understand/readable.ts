// The engine reads sentences with many regular expressions, and a pattern that tries every start position
// of a line costs time that grows with the square of the line's length. No person writes a sentence of
// thousands of characters without a line break: such a line is pasted data, an encoded blob or an attack,
// so the engine does not read it as prose at all. Blanking it (an empty line, a paragraph break) keeps the
// work per message linear whatever a sender puts in a line, and loses nothing a reader would call a task.
import type { ParsedEmail } from '../parse/types.js';

/** Longer lines than this are not read as sentences (a long paragraph of real prose is under ~2,500). */
export const MAX_READ_LINE = 4000;

/** The text with every line longer than MAX_READ_LINE emptied; returns the same string when none is. */
export function readableText(text: string): string {
  if (text.length <= MAX_READ_LINE) return text;
  const lines = text.split('\n');
  if (!lines.some((l) => l.length > MAX_READ_LINE)) return text;
  return lines.map((l) => (l.length > MAX_READ_LINE ? '' : l)).join('\n');
}

/** The email as the engine reads it: its texts with overlong lines emptied (addresses and headers unchanged). */
export function readableEmail(email: ParsedEmail): ParsedEmail {
  const newText = readableText(email.newText);
  const text = readableText(email.text);
  const quotedText = email.quotedText === undefined ? undefined : readableText(email.quotedText);
  const sections = email.sections?.map((s) => {
    const t = readableText(s.text);
    return t === s.text ? s : { ...s, text: t };
  });
  if (newText === email.newText && text === email.text && quotedText === email.quotedText && sections?.every((s, i) => s === email.sections![i])) return email;
  return { ...email, newText, text, ...(quotedText === undefined ? {} : { quotedText }), ...(sections ? { sections } : {}) };
}
