// The inbound SMTP listener (smtp-server). It answers 250 only after receive() has committed the raw
// message; a storage error answers 451 so the sending MTA keeps the message and retries (RFC 5321 §6.1).
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { canonicalAddress } from '../domain/address.js';
import { mimeShape } from './mime-shape.js';
import type { ReceiveInput, ReceiveResult } from './receive.js';

const MAX_PARTS = 1000; // MIME-1

export interface SmtpListenerOptions {
  host: string;
  port: number;
  domain: string; // we accept mail for this domain only
  maxBytes: number;
  maxRecipients: number;
  maxMimeDepth: number;
  log: Logger;
  receive: (input: ReceiveInput) => Promise<ReceiveResult>;
}

export interface SmtpListener {
  readonly port: number;
  readonly listening: boolean;
  close(): Promise<void>;
}

class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startSmtpListener(o: SmtpListenerOptions): Promise<SmtpListener> {
  let listening = false;
  const options: SMTPServerOptions = {
    name: o.domain,
    banner: 'Coordinator ESMTP',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: o.maxBytes,
    logger: false,
    onRcptTo(address, session, cb) {
      const rcpt = canonicalAddress(address.address);
      if (!rcpt || rcpt.split('@')[1] !== o.domain) {
        return cb(new SmtpReply(550, `5.1.1 <${address.address}>: we only accept mail for @${o.domain}`));
      }
      if (session.envelope.rcptTo.length >= o.maxRecipients) {
        return cb(new SmtpReply(452, '4.5.3 Too many recipients'));
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= o.maxBytes) chunks.push(c);
      });
      stream.on('error', (err) => cb(err));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > o.maxBytes) {
          return cb(new SmtpReply(552, `5.3.4 Message too big: the limit is ${o.maxBytes} bytes`));
        }
        const raw = Buffer.concat(chunks);
        const shape = mimeShape(raw);
        if (shape.depth > o.maxMimeDepth) {
          return cb(new SmtpReply(554, `5.6.0 MIME structure nested ${shape.depth} deep: the limit is ${o.maxMimeDepth}`));
        }
        if (shape.parts > MAX_PARTS) return cb(new SmtpReply(554, `5.6.0 Too many MIME parts: the limit is ${MAX_PARTS}`));
        const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        o.receive({
          channel: 'smtp',
          raw,
          mailFrom,
          rcptTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          remoteAddress: session.remoteAddress,
          helo: session.hostNameAppearsAs || null,
        }).then(
          (r) => {
            o.log.info({ inbound: r.id, duplicate: r.duplicate, from: mailFrom }, 'message accepted');
            cb(null, r.duplicate ? `Already have it (#${r.id})` : `Queued as #${r.id}`);
          },
          (err: unknown) => {
            o.log.error({ err }, 'could not store inbound message');
            // a data error (SQLSTATE class 22) will recur on every retry: say so, permanently
            if (/^22/.test(String((err as { code?: unknown })?.code ?? ''))) return cb(new SmtpReply(554, '5.6.0 This message cannot be stored as it is; it will not be retried'));
            cb(new SmtpReply(451, '4.3.0 Temporary storage failure, please try again later'));
          },
        );
      });
    },
  };
  const server = new SMTPServer(options);
  // A failure to bind is the caller's to report (it names SMTP_PORT); only later errors are logged here.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      listening = true;
      resolve();
    });
  });
  server.on('error', (err) => o.log.error({ err }, 'smtp listener error'));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : o.port,
    get listening() {
      return listening;
    },
    close: () =>
      new Promise<void>((resolve) => {
        listening = false;
        server.close(() => resolve());
      }),
  };
}
