// Marks in a reply's own text that the splitter keeps or drops: an answer written between quoted numbered
// items (it keeps the item's number), and a name signed after a dash closing the text (a signature).

/** An answer between quoted items (more quoted lines follow, or earlier answers were), not one under the whole quote. */
export function numberedAnswer(lines: string[], i: number, earlier: boolean): boolean {
  if (earlier) return true;
  for (let j = i + 1; j < lines.length; j++) if (/^\s*>/.test(lines[j]!)) return true;
  return false;
}

// "-Abhishek Kona", "– Sam": a name signed after a dash, the last line of the new text
const DASH_NAME = /^\s*[-–—~]\s?\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){0,2}\s*$/u;

/** Drop a dash-signed name closing the text, unless it ends a list of dashed lines (then it is an item). */
export function dropDashSignature(keep: string[], section: string[]): void {
  let last = keep.length - 1;
  while (last >= 0 && !keep[last]!.trim()) last--;
  if (last < 1 || !DASH_NAME.test(keep[last]!)) return;
  let prev = last - 1;
  while (prev >= 0 && !keep[prev]!.trim()) prev--;
  if (prev < 0 || /^\s*[-–—*•~]/.test(keep[prev]!)) return;
  const n = keep.length - last;
  keep.splice(last);
  if (section.length >= n) section.splice(section.length - n);
}
