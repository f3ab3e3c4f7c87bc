// Whitespace clean-ups written as loops rather than regular expressions. Patterns like /[ \t]+$/gm are
// tried from every position of a run of blanks, so a long run followed by anything else costs time
// quadratic in its length (30,000 spaces took 2.5 s); these run in one pass.

const isBlank = (c: number) => c === 32 || c === 9; // space, tab

function trimBlanksEnd(s: string): string {
  let e = s.length;
  while (e > 0 && isBlank(s.charCodeAt(e - 1))) e--;
  return e === s.length ? s : s.slice(0, e);
}

function trimBlanksStart(s: string): string {
  let b = 0;
  while (b < s.length && isBlank(s.charCodeAt(b))) b++;
  return b ? s.slice(b) : s;
}

/** Removes spaces and tabs at the end of every line (the /[ \t]+$/gm clean-up). */
export function trimLineEnds(text: string): string {
  return text.split('\n').map(trimBlanksEnd).join('\n');
}

/**
 * Table cells are marked with `mark` while HTML becomes text. The last mark on a line, when only blanks
 * follow it, disappears with the blanks around it; every other mark becomes one tab, swallowing the blanks
 * on both sides.
 */
export function cellMarksToTabs(text: string, mark: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.includes(mark)) return line;
      const parts = line.split(mark);
      if (!trimBlanksStart(parts[parts.length - 1]!)) {
        parts.pop(); // nothing but blanks after the last mark: drop that mark
        parts[parts.length - 1] = trimBlanksEnd(parts[parts.length - 1]!);
      }
      return parts.map((p, i) => (i > 0 ? trimBlanksStart(p) : p)).map((p, i, a) => (i < a.length - 1 ? trimBlanksEnd(p) : p)).join('\t');
    })
    .join('\n');
}
