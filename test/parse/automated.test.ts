import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { classifyAutomated, isMachineSender, parseEmail, ParseLimitError } from '../../src/parse/index.js';

import { corpusDir as corpus } from '../support/fixtures.js';

describe('classifyAutomated (table)', () => {
  const cases: [string, Record<string, string[]>, Parameters<typeof classifyAutomated>[1], string | null][] = [
    ['human mail', {}, { fromAddress: 'ann@example.com', subject: 'Plan' }, null],
    ['Auto-Submitted: no', { 'auto-submitted': ['no'] }, { fromAddress: 'ann@example.com' }, null],
    ['Auto-Submitted: auto-replied', { 'auto-submitted': ['auto-replied'] }, { fromAddress: 'ann@example.com' }, 'auto_reply'],
    ['DSN report', {}, { reportType: 'delivery-status', fromAddress: 'mailer-daemon@mx.example.com' }, 'bounce'],
    ['DSN wins over Auto-Submitted', { 'auto-submitted': ['auto-replied'] }, { reportType: 'delivery-status' }, 'bounce'],
    ['ARF', {}, { reportType: 'feedback-report' }, 'complaint'],
    ['MDN', {}, { reportType: 'disposition-notification' }, 'read_receipt'],
    ['calendar reply', {}, { calendarMethod: 'REPLY' }, 'calendar_reply'],
    ['null return path', { 'return-path': ['<>'] }, { fromAddress: 'x@example.com' }, 'auto_reply'],
    ['noreply sender', {}, { fromAddress: 'no-reply@service.example' }, 'auto_reply'],
    ['SRS-wrapped mailer-daemon', {}, { fromAddress: 'SRS0=abcd=XY=example.com=mailer-daemon@fwd.example.net' }, 'bounce'],
    ['owner- sender', {}, { fromAddress: 'owner-list@lists.example.org' }, 'auto_reply'],
    ['Precedence bulk', { precedence: ['bulk'] }, { fromAddress: 'news@example.com' }, 'list'],
    ['List-Id', { 'list-id': ['<x.lists.example.org>'] }, { fromAddress: 'a@example.com' }, 'list'],
    ['List-Unsubscribe', { 'list-unsubscribe': ['<mailto:u@example.com>'] }, { fromAddress: 'a@example.com' }, 'list'],
    ['Feedback-ID', { 'feedback-id': ['1:2:3'] }, { fromAddress: 'a@example.com' }, 'list'],
    ['X-Autoreply', { 'x-autoreply': ['yes'] }, { fromAddress: 'a@example.com' }, 'auto_reply'],
    ['German OOO subject', {}, { subject: 'Automatische Antwort: Plan', fromAddress: 'a@example.de' }, 'auto_reply'],
    ['French OOO subject', {}, { subject: 'Réponse automatique : Plan', fromAddress: 'a@example.fr' }, 'auto_reply'],
    ['Spanish OOO subject', {}, { subject: 'Respuesta automática: Plan', fromAddress: 'a@example.es' }, 'auto_reply'],
    ['Out of Office subject', {}, { subject: 'Out of Office: Plan', fromAddress: 'a@example.com' }, 'auto_reply'],
    ['human body saying out of office', {}, { subject: 'Re: Plan', fromAddress: 'a@example.com', body: "I'll be out of office Friday, so let's meet Thursday." }, null],
  ];
  for (const [name, headers, facts, want] of cases)
    it(name, () => expect(classifyAutomated(headers, facts)?.kind ?? null).toBe(want));

  it('recognises machine senders', () => {
    expect(isMachineSender('MAILER-DAEMON@example.com')).toBe(true);
    expect(isMachineSender('prvs=1234abcd=postmaster@example.com')).toBe(true);
    expect(isMachineSender('list-request@example.com')).toBe(true);
    expect(isMachineSender('dana.whitfield@contoso.com')).toBe(false);
  });
});

describe('corpus machine mail', () => {
  it('classifies an ARF report as a complaint', async () => {
    const e = await parseEmail(fs.readFileSync(path.join(corpus, 'sisimai-set-of-emails/bsd/arf-01.eml')));
    expect(e.automated?.kind).toBe('complaint');
  });
  it('classifies RFC 3464 DSNs as bounces', async () => {
    for (const f of ['rfc3464-01.eml', 'rfc3464-03.eml']) {
      const e = await parseEmail(fs.readFileSync(path.join(corpus, 'sisimai-set-of-emails/bsd', f)));
      expect(e.automated?.kind, f).toBe('bounce');
    }
  });
});

describe('limits', () => {
  it('rejects oversized messages with a ParseLimitError', async () => {
    await expect(parseEmail('Subject: x\r\n\r\n' + 'a'.repeat(2000), { maxBytes: 1000 })).rejects.toBeInstanceOf(ParseLimitError);
  });
  it('rejects too deep nesting', async () => {
    let raw = 'Subject: deep\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n';
    for (let i = 1; i <= 5; i++) raw += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`;
    raw += '--b5\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b5--\r\n';
    const err = await parseEmail(raw, { maxDepth: 3 }).catch((e) => e);
    expect(err).toBeInstanceOf(ParseLimitError);
    expect((err as ParseLimitError).code).toBe('MIME_TOO_DEEP');
  });
  it('does not throw on garbage', async () => {
    const e = await parseEmail(Buffer.from([0, 1, 2, 255, 254, 10, 13]));
    expect(e.automated).toBeNull();
    expect(typeof e.newText).toBe('string');
  });
});

describe('classifyAutomated: more machine mail', () => {
  const none: Record<string, string[]> = {};
  it('reads "MAILER-DAEMON <>" (no usable address) as a bounce', () => {
    expect(classifyAutomated(none, { subject: 'Mail delivery failed', fromAddress: null, fromRaw: 'MAILER-DAEMON <>' })?.kind).toBe('bounce');
  });
  it('reads a delivery-failure subject with the original attached as a bounce', () => {
    expect(classifyAutomated(none, { subject: 'Delivery status notification', fromAddress: 'mail.delivery.system@mx.example.com', hasEmbeddedMessage: true })?.kind).toBe('bounce');
  });
  it('reads a feedback-loop complaint subject as a complaint', () => {
    expect(classifyAutomated(none, { subject: 'complaint about message from 192.0.2.1', fromAddress: 'staff@hotmail.com', hasEmbeddedMessage: true })?.kind).toBe('complaint');
  });
  it('reads "AUTO: … is out of the office" and challenge-response notices as auto-replies', () => {
    expect(classifyAutomated(none, { subject: 'AUTO: Smith, John is out of the office. (returning 05/01/2010)', fromAddress: 'john.smith@b.c' })?.kind).toBe('auto_reply');
    expect(classifyAutomated(none, { subject: 'RE: BLAH', fromAddress: 'x@bluebottle.com', text: 'This account is protected by Bluebottle. Click the link to have your address added to the recipient\'s allowed list.' })?.kind).toBe('auto_reply');
  });
  it('reads mailing-list manager headers and opt-out wording as list mail', () => {
    expect(classifyAutomated({ 'x-mlserver': ['fml 4.0.3'] }, { subject: 'hello', fromAddress: 'neko-admin@example.org' })?.kind).toBe('list');
    expect(classifyAutomated(none, { subject: 'Gift card', fromAddress: 'a@b.example', text: 'If you no longer wish to receive our offers you may opt-out here' })?.kind).toBe('list');
  });
  it('does not call mail from postmaster@ a bounce without delivery wording, and still never answers it', () => {
    expect(classifyAutomated(none, { subject: 'Please enjoy this long link', fromAddress: 'postmaster@example.com', text: 'Hi Mike, here is the link.' })?.kind).toBe('auto_reply');
  });
  it('leaves human mail that mentions delivery alone', () => {
    expect(classifyAutomated(none, { subject: 'Delivery schedule for the launch', fromAddress: 'ana@contoso.com', text: 'The parcel could not be delivered on Monday, so we moved it.' })).toBeNull();
  });
});
