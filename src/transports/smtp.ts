// Delivery over SMTP with nodemailer (pooled). The bytes are ours (composed in outbound/), so `raw` is
// safe here; file and URL access stay disabled all the same (OUT-8). STARTTLS is used whenever the server
// offers it and can be required; DKIM signs with our key when one is configured (OUT-1).
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { DeliveryError, type Envelope, type Transport } from './transport.js';

export interface SmtpTransportOptions {
  pool?: boolean;
  /** Refuse to send unless the server upgrades the connection with STARTTLS (RFC 3207). */
  requireTLS?: boolean;
  /** Accept a self-signed certificate (a local relay or a test server only). */
  allowInvalidCert?: boolean;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  /** Connection and greeting timeouts; the 10-minute socket timeout stays (OUT-8, RFC 5321 §4.5.3.2). */
  connectionTimeoutMs?: number;
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  rejected?: string[];
  rejectedErrors?: NodemailerError[];
}

// RFC 3463: x.1.x is about the address, x.2.x about the mailbox. Other 5xx (policy, content, our own
// authentication) say nothing against the recipient and suppress nobody.
const ADDRESS_STATUS = /\b5\.[12]\.\d{1,3}\b/;

/** Turns a nodemailer failure into a DeliveryError: what to retry, and which addresses are dead. */
export function classifySmtpError(err: unknown, envelope: Envelope): DeliveryError {
  const e = err as NodemailerError;
  const code = e.responseCode;
  const message = e.message ?? String(err);
  // Our login failing, or TLS we required not being offered, is our configuration: retry, blame nobody.
  if (e.code === 'EAUTH' || e.code === 'ETLS' || e.code === 'ECONNECTION' || e.code === 'ETIMEDOUT' || e.code === 'ESOCKET' || e.code === 'EDNS') {
    return new DeliveryError(message, false, code);
  }
  const permanent = code !== undefined && code >= 500 && code < 600;
  if (!permanent) return new DeliveryError(message, false, code);
  let rejected: string[] = [];
  if (e.code === 'EENVELOPE' && e.rejectedErrors?.length) {
    // Refused at RCPT TO: the server said no to these addresses.
    rejected = (e.rejected ?? []).map((a) => a.toLowerCase());
  } else if (ADDRESS_STATUS.test(e.response ?? message) && envelope.to.length === 1) {
    rejected = [...envelope.to];
  }
  return new DeliveryError(message, true, code, rejected);
}

export function smtpTransport(url: string, opts: SmtpTransportOptions = {}): Transport {
  const transporter = nodemailer.createTransport({
    url,
    pool: opts.pool ?? true,
    requireTLS: opts.requireTLS ?? false,
    ...(opts.allowInvalidCert ? { tls: { rejectUnauthorized: false } } : {}),
    ...(opts.connectionTimeoutMs ? { connectionTimeout: opts.connectionTimeoutMs, greetingTimeout: opts.connectionTimeoutMs } : {}),
    ...(opts.dkim ? { dkim: opts.dkim } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    name: 'smtp',
    async send(raw, envelope, messageId) {
      let info: { response?: string; rejected?: unknown[]; rejectedErrors?: NodemailerError[] };
      try {
        info = await transporter.sendMail({ envelope, raw, disableFileAccess: true, disableUrlAccess: true } as SendMailOptions);
      } catch (err) {
        throw classifySmtpError(err, envelope);
      }
      // Some recipients refused for good while others were taken.
      const rejected = (info.rejectedErrors ?? []).filter((r) => (r.responseCode ?? 0) >= 500).flatMap((r) => (r as { recipient?: string }).recipient ?? []);
      return { providerMessageId: messageId, response: String(info.response ?? ''), ...(rejected.length ? { rejected: rejected.map((a) => a.toLowerCase()) } : {}) };
    },
    async close() {
      transporter.close();
    },
  };
}
