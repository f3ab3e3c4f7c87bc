// The signature the Cloudflare Worker puts on what it relays (and on its scheduled tick): HMAC-SHA256
// with INBOUND_SECRET over a version, the Unix timestamp, the envelope and the body's SHA-256, so none
// of them can be changed or replayed outside a five-minute window. Web Crypto only, so the Worker
// (workerd) and the service (Node) share this file.
export const RELAY_HEADERS = {
  timestamp: 'x-coordinator-timestamp',
  signature: 'x-coordinator-signature',
  mailFrom: 'x-coordinator-mail-from',
  rcptTo: 'x-coordinator-rcpt-to',
} as const;

export const RELAY_WINDOW_SECONDS = 300;

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function relaySignature(secret: string, timestamp: string, mailFrom: string, rcptTo: string, body: Uint8Array<ArrayBuffer>): Promise<string> {
  const enc = new TextEncoder();
  const bodyHash = hex(await crypto.subtle.digest('SHA-256', body));
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, enc.encode(`v1\n${timestamp}\n${mailFrom}\n${rcptTo}\n${bodyHash}`));
  return `v1=${hex(mac)}`;
}

/** Constant-time comparison of two signature strings. */
export function sameSignature(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
