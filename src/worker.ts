// Cloudflare Worker entry (Email Routing → this Worker → the service). Thin adapters, no business logic:
// - email(): checks the size first and rejects permanently (setReject) what the service would refuse,
//   reads the raw message exactly once, relays it to POST /inbound/raw signed with INBOUND_SECRET, and
//   resolves only when the service has committed it (REL-1). If the service can't take it, the handler
//   throws, Cloudflare answers the sending server with a temporary failure, and the sender retries
//   (HOOK-4).
// - scheduled(): a Cron Trigger calls the service's signed POST /inbound/tick (nudges, digests).
// - fetch(): nothing to serve; says what this is.
// Web Crypto and fetch only: the same relay-signature.ts runs here and in the service.
import { RELAY_HEADERS, relaySignature } from './inbound/relay-signature.js';

/** The slice of Cloudflare's ForwardableEmailMessage we use. */
export interface EmailMessage {
  readonly from: string;
  readonly to: string;
  readonly raw: ReadableStream<Uint8Array>;
  readonly rawSize: number;
  setReject(reason: string): void;
}

export interface Env {
  SERVICE_URL: string; // e.g. https://coordinator.example.com
  INBOUND_SECRET: string;
  MAX_MESSAGE_BYTES?: string; // default 25 MiB, Cloudflare's own limit
}

const DEFAULT_MAX = 25 * 1024 * 1024;

async function signedPost(env: Env, path: string, body: Uint8Array<ArrayBuffer>, from = '', to = ''): Promise<Response> {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = await relaySignature(env.INBOUND_SECRET, ts, from, to, body);
  return fetch(`${env.SERVICE_URL.replace(/\/$/, '')}${path}`, {
    method: 'POST',
    headers: {
      'content-type': path === '/inbound/raw' ? 'message/rfc822' : 'application/octet-stream',
      [RELAY_HEADERS.timestamp]: ts,
      [RELAY_HEADERS.signature]: signature,
      [RELAY_HEADERS.mailFrom]: from,
      [RELAY_HEADERS.rcptTo]: to,
    },
    body,
  });
}

export default {
  async email(message: EmailMessage, env: Env): Promise<void> {
    const max = Number(env.MAX_MESSAGE_BYTES || DEFAULT_MAX);
    if (message.rawSize > max) {
      message.setReject(`Message too big: the limit is ${max} bytes`);
      return;
    }
    // message.raw is a stream: read it once, into one buffer.
    const raw = new Uint8Array(await new Response(message.raw).arrayBuffer());
    const res = await signedPost(env, '/inbound/raw', raw, message.from, message.to);
    if (res.status === 413) {
      message.setReject(`Message too big for the service`);
      return;
    }
    if (!res.ok) throw new Error(`coordinator answered ${res.status}: the sender will retry`);
  },

  async scheduled(_event: unknown, env: Env): Promise<void> {
    const res = await signedPost(env, '/inbound/tick', new Uint8Array(0));
    if (!res.ok) throw new Error(`tick answered ${res.status}`);
  },

  async fetch(): Promise<Response> {
    return new Response('Coordinator email relay: mail reaches it through Cloudflare Email Routing.\n', { status: 404 });
  },
};
