// A real SMTP peer for outbound tests: smtp-server with AUTH, STARTTLS (its built-in self-signed
// certificate), scripted answers per recipient or Message-ID, and a record of every accepted message.
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  from: string;
  to: string[];
  raw: Buffer;
  messageId: string | null;
  secure: boolean;
  user: string | undefined;
}

export interface SmtpSink {
  port: number;
  url: string; // smtp://user:pass@127.0.0.1:port
  messages: SinkMessage[];
  /** Answers DATA for a Message-ID with these codes in turn (then 250), e.g. [451]. */
  failData(messageId: string, codes: number[]): void;
  /** RCPT TO for these addresses gets 550 5.1.1. */
  rejectRecipients: Set<string>;
  close(): Promise<void>;
}

class Reply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startSmtpSink(o: { user?: string; pass?: string } = {}): Promise<SmtpSink> {
  const user = o.user ?? 'relay';
  const pass = o.pass ?? 'relay-password';
  const messages: SinkMessage[] = [];
  const scripted = new Map<string, number[]>();
  const rejectRecipients = new Set<string>();
  const server = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === pass) return cb(null, { user });
      cb(new Reply(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, cb) {
      if (rejectRecipients.has(address.address.toLowerCase())) return cb(new Reply(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const messageId = /^message-id:\s*<([^>]+)>/im.exec(raw.toString('latin1'))?.[1] ?? null;
        const codes = messageId ? scripted.get(messageId) : undefined;
        const code = codes?.shift();
        if (code) return cb(new Reply(code, code >= 500 ? '5.7.1 Message refused' : '4.3.0 Try again later'));
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          messageId,
          secure: session.secure,
          user: session.user as string | undefined,
        });
        cb(null, 'Queued');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://${user}:${pass}@127.0.0.1:${port}`,
    messages,
    rejectRecipients,
    failData: (id, codes) => scripted.set(id, [...codes]),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
