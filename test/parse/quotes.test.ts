import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseEmail, splitBody } from '../../src/parse/index.js';

const corpus = path.resolve(__dirname, '../../../shared/corpus');

describe('splitBody', () => {
  it('drops "On … wrote:" history and > lines', () => {
    const r = splitBody('Done, thanks.\n\nOn Mon, 3 Feb 2025 at 09:00, Coordinator <coordinator@x.com> wrote:\n> Is it done?\n> Reply done', false);
    expect(r.newText).toBe('Done, thanks.');
    expect(r.hadQuote).toBe(true);
  });
  it('drops two-line attributions and non-English ones', () => {
    expect(splitBody('Ja.\n\nAm 03.02.2025 um 09:00 schrieb Coordinator <c@x.de>:\n> Frage', false).newText).toBe('Ja.');
    expect(splitBody('Oui.\n\nLe lun. 3 févr. 2025 à 09:00, Coordinator <c@x.fr> a écrit :\n> Question', false).newText).toBe('Oui.');
    expect(splitBody('Sí.\n\nEl lun, 3 feb 2025 a las 9:00, Coordinator (<c@x.es>)\nescribió:\n> Pregunta', false).newText).toBe('Sí.');
  });
  it('keeps inline answers between quoted lines', () => {
    const r = splitBody('Answers inline.\n\nOn Tue, Kenji wrote:\n> Can you do it?\nYes - by Friday.\n> And the other one?\nNo.', false);
    expect(r.newText).toContain('Yes - by Friday.');
    expect(r.newText).toContain('No.');
    expect(r.newText).not.toContain('Can you do it');
  });
  it('cuts an Outlook header block in a reply', () => {
    const r = splitBody('Blocked on legal.\n\nFrom: Coordinator <coordinator@x.com>\nSent: Monday, March 3, 2025 9:00 AM\nTo: Ann <ann@x.com>\nSubject: Reminder\n\nIs it done?', false);
    expect(r.newText).toBe('Blocked on legal.');
  });
  it('keeps a forwarded body and returns its header block', () => {
    const r = splitBody('Please track this.\n\n---------- Forwarded message ---------\nFrom: Aisha Rahman <aisha@x.io>\nDate: Wed, Feb 5, 2025\nSubject: Plan\nTo: Tom <tom@x.io>, Jun <jun@x.io>\n\n1. Jun - lock the lineup.', true);
    expect(r.newText).toContain('Jun - lock the lineup.');
    expect(r.newText).not.toContain('Forwarded message');
    expect(r.forwarded[0]?.from?.address).toBe('aisha@x.io');
    expect(r.forwarded[0]?.to.map((a) => a.address)).toEqual(['tom@x.io', 'jun@x.io']);
    expect(r.sections?.[1]?.header?.from?.address).toBe('aisha@x.io');
  });
  it('removes signatures and mobile footers', () => {
    expect(splitBody('Done\n\nSent from my iPhone', false).newText).toBe('Done');
    expect(splitBody('Done\n-- \nAnn Lee\nCEO', false).newText).toBe('Done');
  });
  it('strips zero-width and tag characters', async () => {
    const e = await parseEmail('From: a@x.com\r\nTo: b@x.com\r\nSubject: hi\r\n\r\nDo\u200bne\u{E0041} now\r\n');
    expect(e.newText).toBe('Done now');
  });
});

describe('reply-parser corpus (crisp-oss expected.json)', () => {
  const dir = path.join(corpus, 'crisp-oss-email-reply-parser');
  const spec = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
    cases: { file: string; test: string; fragment_equals?: Record<string, string> }[];
  };
  const cases = spec.cases.filter((c) => /top_post|simple_body/.test(c.test) && c.fragment_equals?.['0']);
  it('has top-posted fixtures to check', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases)
    it(`${c.file}: keeps the visible reply and drops the quote`, () => {
      const raw = fs.readFileSync(path.join(dir, c.file), 'utf8');
      const r = splitBody(raw, false);
      const firstLine = c.fragment_equals!['0']!.trim().split('\n')[0]!;
      expect(r.newText.startsWith(firstLine)).toBe(true);
      expect(r.newText.split('\n').some((l) => l.startsWith('>'))).toBe(false);
    });
});
