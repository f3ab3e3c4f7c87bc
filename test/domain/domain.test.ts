import { describe, expect, it } from 'vitest';
import { canonicalAddress, safeDisplayName } from '../../src/domain/address.js';
import { newReplyToken, replyAddress, tokenFromAddress, verifyReplyToken } from '../../src/domain/reply-token.js';
import { endOfLocalDate, localDate, zoneForOffset } from '../../src/domain/time-zone.js';
import { mimeShape } from '../../src/inbound/mime-shape.js';
import { referencesFor } from '../../src/outbound/mime.js';

describe('reply tokens (AUTH-1)', () => {
  const secret = 'a-secret-of-enough-length';
  const token = newReplyToken(secret, 'ann@example.com');

  it('verifies for the recipient it was made for, case-insensitively', () => {
    expect(token).toMatch(/^c1[a-z2-7]{26}$/);
    expect(verifyReplyToken(secret, token, 'ann@example.com')).toBe(true);
    expect(verifyReplyToken(secret, token.toUpperCase(), 'Ann@Example.com')).toBe(true);
  });

  it('rejects every one-character mutation, another recipient, another secret and another version', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    for (let i = 2; i < token.length; i++) {
      const c = token[i]!;
      const swapped = alphabet[(alphabet.indexOf(c) + 1) % 32]!;
      expect(verifyReplyToken(secret, token.slice(0, i) + swapped + token.slice(i + 1), 'ann@example.com')).toBe(false);
    }
    expect(verifyReplyToken(secret, token, 'bob@example.com')).toBe(false);
    expect(verifyReplyToken('another-secret-entirely', token, 'ann@example.com')).toBe(false);
    expect(verifyReplyToken(secret, 'c0' + token.slice(2), 'ann@example.com')).toBe(false);
  });

  it('is found only in reply+ addresses on our own domain', () => {
    expect(tokenFromAddress(replyAddress(token, 'example.org'), 'example.org')).toBe(token);
    expect(tokenFromAddress(replyAddress(token, 'evil.example'), 'example.org')).toBeNull();
    expect(tokenFromAddress(`reply+nottoken@example.org`, 'example.org')).toBeNull();
    expect(tokenFromAddress('coordinator@example.org', 'example.org')).toBeNull();
  });
});

describe('address canonicalisation (OUT-7)', () => {
  it.each([
    ['"x@gmail.com x"@internal.domain'], // GHSA-mm7p-fcc7-pg87: quoted local part carrying an @
    ['user@good-corp.com(x)evil.com'], // GHSA-cc9r-2j5m-2m83: comment in the domain
    ['a@b.com\r\nBcc: victim@example.com'], // CVE-2021-23400: CR/LF
    ['a@b.com, c@d.com'], // several addresses
    ['group: a@b.com;'], // group syntax
    ['<a@b.com>'],
    ['a@-b.com'],
    [''],
  ])('rejects %j', (input) => expect(canonicalAddress(input)).toBeNull());

  it('lower-cases and trims valid addresses', () => {
    expect(canonicalAddress('  Ann.Lee+tag@Example.COM ')).toBe('ann.lee+tag@example.com');
    expect(canonicalAddress('coordinator@localhost')).toBe('coordinator@localhost');
  });

  it('makes display names safe for headers', () => {
    expect(safeDisplayName('Eve "Admin" <root>\r\nBcc: x')).toBe('Eve Admin root Bcc: x');
  });
});

describe('time zones', () => {
  it('maps Date offsets to IANA zones, including half hours', () => {
    expect(zoneForOffset(-300)).toBe('Etc/GMT+5');
    expect(zoneForOffset(660)).toBe('Etc/GMT-11');
    expect(zoneForOffset(330)).toBe('Asia/Kolkata');
    expect(zoneForOffset(0)).toBe('UTC');
  });

  it('ends a due date at the next local midnight, across a DST change', () => {
    // 9 March 2025: US clocks spring forward; the day is 23 hours long in New York.
    expect(endOfLocalDate('2025-03-09', 'America/New_York').toISOString()).toBe('2025-03-10T04:00:00.000Z');
    expect(endOfLocalDate('2025-03-08', 'America/New_York').toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(localDate(new Date('2025-03-03T06:30:00Z'), 'America/Los_Angeles')).toBe('2025-03-02');
  });
});

describe('MIME shape scan (MIME-1)', () => {
  it('measures nesting depth and part count without parsing', () => {
    const raw = Buffer.from(
      'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n' +
        '--inner\r\ntext\r\n--inner\r\nhtml\r\n--inner--\r\n--outer\r\nattachment\r\n--outer--\r\n',
    );
    expect(mimeShape(raw)).toEqual({ depth: 2, parts: 4 });
    expect(mimeShape(Buffer.from('Subject: plain\r\n\r\nno parts\r\n'))).toEqual({ depth: 0, parts: 0 });
  });
});

describe('threading', () => {
  it('builds References from the parent and trims long chains to first + last', () => {
    expect(referencesFor(['a@x', 'b@x'], 'c@x')).toEqual(['a@x', 'b@x', 'c@x']);
    const long = Array.from({ length: 30 }, (_, i) => `m${i}@x`);
    const refs = referencesFor(long, 'parent@x', 20);
    expect(refs).toHaveLength(20);
    expect(refs[0]).toBe('m0@x');
    expect(refs.at(-1)).toBe('parent@x');
  });
});
