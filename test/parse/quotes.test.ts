import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseEmail, splitBody } from '../../src/parse/index.js';

import { corpusDir as corpus } from '../support/fixtures.js';

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

describe('splitBody: attribution lines in many forms', () => {
  const reply = (t: string) => splitBody(t, false).newText;
  it.each([
    '2014-03-20 8:48 GMT+01:00 Rémi Dolan <do_not_reply@dolan.com>:',
    'W dniu 7 stycznia 2015 15:24 użytkownik Paweł Brzoski <pbrzoski91@gmail.com> napisał:',
    'Den 08/06/2015 kl. 21.21 skrev Test user <test@example.com>:',
    '2013.02.08. 7:31 keltezéssel, "Gyõrvári Eszter" írta:',
    '在 2016年11月8日，下午2:23，Test user <test@example.com> 写道：',
    '- On 2021-04-09 23:25, Toby Flenderson a wrote:',
    'On Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@doe.com> wrote',
  ])('cuts the history under %s', (att) => {
    expect(reply(`Thank you very much.\n\n${att}\n\nThis is my previous mail\n`)).toBe('Thank you very much.');
  });

  it('joins an attribution wrapped over three lines, and not a greeting above it', () => {
    expect(reply('Hi,\nOn Dec 16, 2011, at 12:47 PM, Corey Donohoe\n<reply@reply.github.com>\nwrote:\n> old text\n')).toBe('Hi,');
  });

  it('keeps "Something wrote:" in prose (no date, no address)', () => {
    expect(reply('Para one.\n\nSomething wrote:\nmore of my own text')).toContain('more of my own text');
  });

  it('drops a wrapped continuation of a quoted line', () => {
    expect(reply('Mine.\n\nOn Mon, 1 Jan 2024 at 10:00, A <a@b.com> wrote:\n> a long quoted line that the sender mail client wrapped at seventy-two c\nharacters\n')).toBe('Mine.');
  });

  it('drops separators and dangling labels left above a header block', () => {
    const t = 'Mine.\n\n====\n\nMessage du : 12/12/2016 13:20\nDe : "Q" <q@company.com>\nA : m@somewhere.fr\nSujet :  hello\n\nold';
    expect(reply(t)).toBe('Mine.');
    expect(reply('Mine.\n\n-------- Oprindelig besked --------\nFra: A <a@abc.org>\nDato: 04.07.2024 17.45\nTil: b@abc.dk\nEmne: Hi\n\nold')).toBe('Mine.');
  });

  it('treats a lone From: line with an address as the start of quoted mail', () => {
    expect(reply('Mine.\n\nFrom: foo@example.com <foo@example.com>\n\nMy email is <foo@example.com>')).toBe('Mine.');
  });

  it('drops mobile footers in several languages but keeps prose that mentions them', () => {
    expect(reply('Mine.\n\nEnvoyé à partir de Outlook pour iOS<https://aka.ms/x>')).toBe('Mine.');
    expect(reply('Mine.\n\nSent from my desk, is much easier then my mobile phone.')).toContain('Sent from my desk');
  });
});
