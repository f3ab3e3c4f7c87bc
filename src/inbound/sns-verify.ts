// Verifies Amazon SNS messages before anything in them is believed (HOOK-1/2). Following AWS "Verifying
// the signatures of Amazon SNS messages", with the holes other projects fell into closed:
// - the certificate URL must be https://sns.<region>.amazonaws.com[.cn]/SimpleNotificationService-<id>.pem
//   exactly — not any amazonaws.com host (an S3 bucket is "amazonaws.com" too: novu NV-7617, FormSG #3830),
//   and its region must be the topic's region;
// - the topic ARN must be one we configured (a valid signature only proves *some* SNS topic sent it);
// - the certificate must be for sns.amazonaws.com, currently valid, and (when trust anchors are given)
//   issued by one of them;
// - the Timestamp must be within the hour SNS keeps retrying for (plus skew): older means a replay.
// The certificate fetch is injected (cached by URL; https, no redirects, a timeout) so tests never reach
// the network. sns-payload-validator does the URL and signature part but fetches certificates itself
// and doesn't check the certificate, so the same canonical form is computed here.
import { createVerify, X509Certificate } from 'node:crypto';

export type SnsType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

export interface SnsMessage {
  Type: SnsType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: '1' | '2';
  Signature: string;
  SigningCertURL: string;
  Subject?: string | null;
  SubscribeURL?: string;
  Token?: string;
}

export class SnsVerifyError extends Error {
  override name = 'SnsVerifyError';
  constructor(
    readonly code: 'MALFORMED' | 'CERT_URL' | 'TOPIC' | 'STALE' | 'CERT' | 'SIGNATURE',
    message: string,
  ) {
    super(message);
  }
}

export interface SnsVerifierOptions {
  topicArns: readonly string[];
  fetchCert: (url: string) => Promise<string>;
  now: () => Date;
  /** PEM trust anchors the signing certificate must be issued by (tests: the test CA). */
  trustedCAs?: string[];
  maxAgeSeconds?: number; // SNS retries HTTP deliveries for at most 3,600 s
  skewSeconds?: number;
}

const CERT_URL = /^https:\/\/sns\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/SimpleNotificationService-[A-Za-z0-9]+\.pem$/;

/** The string SNS signed: named fields in this order, each as "Name\nvalue\n". */
export function canonicalString(m: SnsMessage): string {
  const keys =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  let out = '';
  for (const k of keys) {
    const v = (m as unknown as Record<string, unknown>)[k];
    if (v === undefined || v === null) continue; // Subject is signed only when present
    out += `${k}\n${String(v)}\n`;
  }
  return out;
}

export function parseSnsMessage(body: string): SnsMessage {
  let m: Partial<SnsMessage>;
  try {
    m = JSON.parse(body) as Partial<SnsMessage>;
  } catch {
    throw new SnsVerifyError('MALFORMED', 'body is not JSON');
  }
  const str = (v: unknown) => typeof v === 'string' && v.length > 0;
  if (!m || typeof m !== 'object' || !['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'].includes(m.Type as string)) {
    throw new SnsVerifyError('MALFORMED', 'unknown SNS message type');
  }
  for (const k of ['MessageId', 'TopicArn', 'Message', 'Timestamp', 'Signature', 'SigningCertURL'] as const) {
    if (!str(m[k])) throw new SnsVerifyError('MALFORMED', `missing ${k}`);
  }
  if (m.SignatureVersion !== '1' && m.SignatureVersion !== '2') throw new SnsVerifyError('MALFORMED', 'SignatureVersion must be 1 or 2');
  if (m.Type !== 'Notification' && (!str(m.SubscribeURL) || !str(m.Token))) throw new SnsVerifyError('MALFORMED', 'missing SubscribeURL or Token');
  return m as SnsMessage;
}

/** The region of an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>). */
export function topicRegion(arn: string): string | null {
  return /^arn:aws(?:-cn|-us-gov)?:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]+$/.exec(arn)?.[1] ?? null;
}

export function createSnsVerifier(o: SnsVerifierOptions) {
  const cache = new Map<string, X509Certificate>();
  const anchors = (o.trustedCAs ?? []).map((pem) => new X509Certificate(pem));
  const maxAge = (o.maxAgeSeconds ?? 3600) + (o.skewSeconds ?? 300);
  const skew = o.skewSeconds ?? 300;

  async function certificate(url: string): Promise<X509Certificate> {
    const hit = cache.get(url);
    if (hit) return hit;
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(await o.fetchCert(url));
    } catch (err) {
      throw new SnsVerifyError('CERT', `signing certificate unavailable: ${(err as Error).message}`);
    }
    if (cache.size > 100) cache.clear();
    cache.set(url, cert);
    return cert;
  }

  return async function verify(body: string): Promise<SnsMessage> {
    const m = parseSnsMessage(body);
    const url = CERT_URL.exec(m.SigningCertURL);
    const region = topicRegion(m.TopicArn);
    if (!url) throw new SnsVerifyError('CERT_URL', 'SigningCertURL is not an SNS certificate URL');
    if (!region || url[1] !== region) throw new SnsVerifyError('CERT_URL', 'SigningCertURL region differs from the topic region');
    if (!o.topicArns.includes(m.TopicArn)) throw new SnsVerifyError('TOPIC', `topic ${m.TopicArn} is not allowed`);
    const at = Date.parse(m.Timestamp);
    const now = o.now().getTime();
    if (!Number.isFinite(at) || now - at > maxAge * 1000 || at - now > skew * 1000) {
      throw new SnsVerifyError('STALE', `Timestamp ${m.Timestamp} is outside the accepted window`);
    }
    const cert = await certificate(m.SigningCertURL);
    if (Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) < now) throw new SnsVerifyError('CERT', 'signing certificate is not valid now');
    const names = `${cert.subject}\n${cert.subjectAltName ?? ''}`;
    if (!/(^|[\s=,:])sns\.amazonaws\.com(\.cn)?($|[\s,])/m.test(names)) throw new SnsVerifyError('CERT', 'signing certificate is not for sns.amazonaws.com');
    if (anchors.length && !anchors.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey))) {
      throw new SnsVerifyError('CERT', 'signing certificate is not issued by a trusted CA');
    }
    const verifier = createVerify(m.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
    verifier.update(canonicalString(m), 'utf8');
    let ok = false;
    try {
      ok = verifier.verify(cert.publicKey, m.Signature, 'base64');
    } catch {
      ok = false;
    }
    if (!ok) throw new SnsVerifyError('SIGNATURE', 'signature does not verify');
    return m;
  };
}

/**
 * Default fetch for certificates and SubscribeURL: https only, to a pinned SNS host, no redirects, a
 * timeout and a size cap (HOOK-1: SubscribeURL is an SSRF vector when not pinned).
 */
export async function snsHttpsGet(url: string, { timeoutMs = 5000, maxBytes = 64 * 1024 } = {}): Promise<string> {
  const u = new URL(url);
  if (u.protocol !== 'https:' || !/^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(u.hostname) || u.port || u.username) {
    throw new Error('refusing to fetch a URL outside sns.<region>.amazonaws.com');
  }
  const res = await fetch(u, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const text = await res.text();
  if (text.length > maxBytes) throw new Error('response too large');
  return text;
}
