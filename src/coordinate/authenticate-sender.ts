// Who really sent an inbound message (AUTH-3/AUTH-4), decided per channel and handed to the reply and
// thread handlers as a verdict:
//  - our own SMTP listener: mailauth over the raw bytes with the session's IP, HELO and envelope sender;
//    authenticated = DMARC pass aligned with From (an SPF-aligned pass, or an aligned DKIM pass whose
//    signature covers the whole body: an `l=` signature with unsigned bytes does not count, AUTH-5);
//  - mail fetched from a trusted boundary (IMAP from a provider, SES inbound): only the topmost
//    Authentication-Results header whose authserv-id is the configured one counts; any other A-R
//    header, above or below it, is ignored (RFC 8601 §5);
//  - anything else: not authenticated.
// With COMMAND_AUTH=token (the default) only a trusted boundary's Authentication-Results is read (no DNS);
// for everything else the verdict says "unchecked" and a valid reply token bound to the From is the bar. With COMMAND_AUTH=dmarc an unauthenticated command is
// held and its token owner is asked to confirm it (handle-reply.ts).
import { authenticate, type DNSResolver } from 'mailauth';
import { headerLines } from '../inbound/receive.js';

export type CommandAuthPolicy = 'token' | 'dmarc';

export interface SenderAuthVerdict {
  policy: CommandAuthPolicy;
  authenticated: boolean;
  method: 'smtp' | 'authentication-results' | 'none';
  /** DMARC result as found: pass, fail, none, temperror, permerror, neutral; 'unchecked' under the token policy. */
  result: string;
  fromDomain: string | null;
  detail: string;
}

export interface InboundForAuth {
  channel: string;
  raw: Buffer;
  ip: string | null;
  helo: string | null;
  mailFrom: string | null;
  fromAddress: string | null;
}

export interface SenderAuthenticator {
  policy: CommandAuthPolicy;
  verify(m: InboundForAuth): Promise<SenderAuthVerdict>;
}

export interface SenderAuthOptions {
  policy: CommandAuthPolicy;
  /** authserv-ids of the boundaries whose Authentication-Results we trust (e.g. mx.google.com, amazonses.com). */
  trustedAuthservIds: readonly string[];
  /** DNS lookups for mailauth; the real one is built in deps.ts, tests pass a fixture. */
  resolver: DNSResolver;
  /** Our MTA name, written into mailauth's own Authentication-Results. */
  mta: string;
}

/** Channels whose bytes come straight from a provider's boundary, which writes its own Authentication-Results. */
const BOUNDARY_CHANNELS = new Set(['imap', 'ses']);

const domainOf = (address: string | null) => (address && address.includes('@') ? address.slice(address.lastIndexOf('@') + 1).toLowerCase().replace(/\.$/, '') : null);

/** `::ffff:192.0.2.1` as the socket reports an IPv4 peer on a dual-stack listener → `192.0.2.1`. */
const plainIp = (ip: string) => ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

export function senderAuthenticator(o: SenderAuthOptions): SenderAuthenticator {
  const trusted = o.trustedAuthservIds.map((s) => s.toLowerCase());
  return {
    policy: o.policy,
    async verify(m) {
      const fromDomain = domainOf(m.fromAddress);
      const base = { policy: o.policy, fromDomain };
      // Under the token policy commands need no proof beyond the token, but a trusted boundary's own
      // verdict costs nothing to read, and it lets a status report in a CC'd thread apply at once.
      const boundary = trusted.length > 0 && BOUNDARY_CHANNELS.has(m.channel);
      if (o.policy === 'token' && !boundary) return { ...base, authenticated: false, method: 'none', result: 'unchecked', detail: 'COMMAND_AUTH=token: sender authenticity is not checked' };
      if (!fromDomain) return { ...base, authenticated: false, method: 'none', result: 'none', detail: 'no From address' };
      if (m.channel === 'smtp' && m.ip) return viaMailauth(m, fromDomain, o);
      if (boundary) {
        const found = trustedResult(m.raw, trusted);
        if (found) {
          const aligned = found.headerFrom === fromDomain;
          const ok = found.dmarc === 'pass' && aligned;
          return {
            ...base,
            authenticated: ok,
            method: 'authentication-results',
            result: found.dmarc ?? 'none',
            detail: ok ? `dmarc=pass from ${found.authservId}` : found.dmarc === 'pass' ? `dmarc=pass for ${found.headerFrom ?? '?'}, not the From domain ${fromDomain}` : `dmarc=${found.dmarc ?? 'none'} from ${found.authservId}`,
          };
        }
        return { ...base, authenticated: false, method: 'authentication-results', result: 'none', detail: 'no Authentication-Results from a trusted boundary' };
      }
      return { ...base, authenticated: false, method: 'none', result: 'none', detail: `no way to authenticate mail from the ${m.channel} channel` };
    },
  };
}

async function viaMailauth(m: InboundForAuth, fromDomain: string, o: SenderAuthOptions): Promise<SenderAuthVerdict> {
  const base = { policy: o.policy, fromDomain, method: 'smtp' as const };
  try {
    const res = await authenticate(m.raw, {
      ip: plainIp(m.ip!),
      helo: m.helo ?? undefined,
      sender: m.mailFrom || undefined,
      mta: o.mta,
      resolver: o.resolver,
      trustReceived: false, // AUTH-4: the session is ours; Received headers are the sender's say-so
      disableArc: true, // ARC may only explain a failure, never authorise a command (AUTH-5)
      disableBimi: true,
    });
    const dmarc = res.dmarc || undefined;
    const result = dmarc?.status?.result ?? 'none';
    const headerFrom = String(dmarc?.status?.header?.d ?? dmarc?.domain ?? '').toLowerCase();
    const spfAligned = !!dmarc?.alignment?.spf?.result;
    const dkimAligned = !!dmarc?.alignment?.dkim?.result && !dmarc?.alignment?.dkim?.underSized;
    const aligned = headerFrom === fromDomain || fromDomain.endsWith(`.${headerFrom}`);
    const ok = result === 'pass' && aligned && (spfAligned || dkimAligned);
    return { ...base, authenticated: ok, result, detail: ok ? `dmarc=pass (${spfAligned ? 'spf' : 'dkim'} aligned)` : `dmarc=${result}${dmarc?.policy ? ` p=${dmarc.policy}` : ''}${result === 'pass' && !(spfAligned || dkimAligned) ? ' (only an l= signature aligned)' : ''}` };
  } catch (err) {
    return { ...base, authenticated: false, result: 'temperror', detail: `authentication failed: ${(err as Error).message}` };
  }
}

export interface TrustedResult {
  authservId: string;
  dmarc: string | null;
  headerFrom: string | null;
}

/** RFC 8601: the topmost Authentication-Results whose authserv-id is trusted; null when there is none. */
export function trustedResult(raw: Buffer, trusted: readonly string[]): TrustedResult | null {
  for (const line of headerLines(raw).lines) {
    const m = /^authentication-results:\s*(.*)$/is.exec(line);
    if (!m) continue;
    const value = stripComments(m[1]!);
    const [head = '', ...resinfo] = value.split(';');
    const authservId = head.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (!trusted.includes(authservId)) continue;
    for (const r of resinfo) {
      const d = /^\s*dmarc\s*=\s*([a-z]+)/i.exec(r);
      if (!d) continue;
      const from = /\bheader\.from\s*=\s*"?([^\s";]+)"?/i.exec(r);
      return { authservId, dmarc: d[1]!.toLowerCase(), headerFrom: from ? from[1]!.toLowerCase().replace(/^.*@/, '') : null };
    }
    return { authservId, dmarc: null, headerFrom: null };
  }
  return null;
}

function stripComments(s: string): string {
  let prev = '';
  let out = s;
  while (out !== prev) {
    prev = out;
    out = out.replace(/\([^()]*\)/g, ' ');
  }
  return out;
}
