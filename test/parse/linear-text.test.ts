// The whitespace clean-ups must do exactly what the regular expressions they replace did, in linear time.
import { describe, expect, it } from 'vitest';
import { cellMarksToTabs, trimLineEnds } from '../../src/parse/linear-text.js';
import { parseEmail } from '../../src/parse/index.js';
import { createRulesEngine } from '../../src/understand/index.js';

const M = '\uE000';
const regexCells = (t: string) => t.replace(/[ \t]*\uE000[ \t]*$/gm, '').replace(/[ \t]*\uE000[ \t]*/g, '\t');

describe('linear whitespace clean-ups', () => {
  it.each([
    ['a \t\nb  \n\t\nc'],
    ['no blanks'],
    [''],
    ['x   \n   y   '],
  ])('trimLineEnds(%j) equals the /[ \\t]+$/gm replace', (t) => {
    expect(trimLineEnds(t)).toBe(t.replace(/[ \t]+$/gm, ''));
  });

  it.each([
    [`Owner ${M} Task ${M} Due ${M}`],
    [`a ${M} ${M}  `],
    [`a${M}b${M}c`],
    [`  ${M}  lead`],
    [`no marks here`],
    [`row 1 ${M}\nrow 2 ${M} x ${M} \t`],
    [`${M}`],
  ])('cellMarksToTabs(%j) equals the two regex replaces', (t) => {
    expect(cellMarksToTabs(t, M)).toBe(regexCells(t));
  });

  // Inputs that made backtracking patterns run for seconds (quadratic in the run's length). The test
  // asserts the output, not a time; at 500,000 characters the old code would not finish within the
  // suite's time limit.
  it.each([
    ['a long run of blanks before text', ' '.repeat(500_000) + 'x'],
    ['a long word with no @', 'x'.repeat(500_000)],
    ['a long run of capitals', 'A'.repeat(500_000)],
    // lines just short of the engine's longest readable line, which it still reads as sentences
    ['many long lines of dots', Array.from({ length: 120 }, () => '.'.repeat(3_990)).join('\n')],
    ['many long lines of one word with no @', Array.from({ length: 120 }, () => 'x'.repeat(3_990)).join('\n')],
    ['many long lines of exclamation marks', Array.from({ length: 120 }, () => '!'.repeat(3_990)).join('\n')],
  ])('parses and reads a message with %s', async (_name, body) => {
    const raw = `From: a@example.com\r\nTo: coordinator@example.com\r\nSubject: long line\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\n\r\n${body}\r\n`;
    const email = await parseEmail(Buffer.from(raw));
    expect(email.newText.trim()).toBe(body.trim());
    const u = await createRulesEngine().understand(email, { now: new Date('2025-03-03T10:00:00Z'), timeZone: 'UTC', assistantAddresses: [] });
    expect(u.tasks).toEqual([]);
  });
});
