// AUTH-1: every message we send carries an unguessable reply address, reply+<token>@<domain>, so that a
// reply maps back to its project and task without trusting the subject. The token is
//   "c1" (version) + key (the outbox row's random id, 10 base32 chars) + MAC (16 base32 chars = 80 bits)
// where MAC = HMAC-SHA256(secret, version | key | recipient). 80 bits is the floor RFC 2104 advises
// (Gitea uses the same); the key itself adds 50 random bits that must also match a stored row.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 'c1';
const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(buf: Buffer, chars: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function mac(secret: string, key: string, recipient: string): string {
  return base32(createHmac('sha256', secret).update(`${VERSION}|${key}|${recipient.toLowerCase()}`).digest(), 16);
}

export function newReplyToken(secret: string, recipient: string): string {
  const key = base32(randomBytes(8), 10);
  return `${VERSION}${key}${mac(secret, key, recipient)}`;
}

export interface TokenParts {
  key: string;
  mac: string;
}

/** Splits a token without trusting it; verify() must still be called with the stored recipient. */
export function tokenParts(token: string): TokenParts | null {
  const t = token.toLowerCase();
  if (!/^c1[a-z2-7]{26}$/.test(t)) return null;
  return { key: t.slice(2, 12), mac: t.slice(12) };
}

export function verifyReplyToken(secret: string, token: string, recipient: string): boolean {
  const p = tokenParts(token);
  if (!p) return false;
  const expected = Buffer.from(mac(secret, p.key, recipient));
  const given = Buffer.from(p.mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** reply+<token>@domain → token; anything else → null. */
export function tokenFromAddress(address: string, domain: string): string | null {
  const m = /^reply\+([a-z0-9]+)@(.+)$/i.exec(address.trim());
  if (!m || m[2]!.toLowerCase() !== domain.toLowerCase()) return null;
  return tokenParts(m[1]!) ? m[1]!.toLowerCase() : null;
}

export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`;
}
