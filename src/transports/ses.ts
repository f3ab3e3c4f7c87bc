// Delivery through Amazon SES with SendRawEmail, so our exact bytes — ICS parts, List-Unsubscribe, our
// headers — arrive as composed. SES replaces the Message-ID with its own (`<id>@<region>.amazonses.com`,
// `email.amazonses.com` in us-east-1), so both forms are reported back for threading (OUT-5); our own id
// stays in the outbox and in References of later mail.
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { DeliveryError, type Transport } from './transport.js';

/** The slice of SESClient we use (deps.ts builds the real one). */
export interface SesClientSlice {
  send(command: SendRawEmailCommand): Promise<{ MessageId?: string }>;
  destroy?(): void;
}

export interface SesTransportOptions {
  region: string;
  configurationSet?: string;
}

// Errors about the request or the account rather than this attempt: retrying the same bytes won't help.
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'ConfigurationSetDoesNotExistException',
  'ConfigurationSetSendingPausedException',
  'InvalidParameterValue',
  'ValidationError',
]);

export function sesMessageIds(sesId: string, region: string): string[] {
  const ids = [`${sesId}@${region}.amazonses.com`];
  if (region === 'us-east-1') ids.push(`${sesId}@email.amazonses.com`);
  return ids;
}

export function sesTransport(client: SesClientSlice, o: SesTransportOptions): Transport {
  return {
    name: 'ses',
    async send(raw, envelope) {
      let out: { MessageId?: string };
      try {
        out = await client.send(
          new SendRawEmailCommand({
            RawMessage: { Data: raw },
            Source: envelope.from,
            Destinations: envelope.to,
            ...(o.configurationSet ? { ConfigurationSetName: o.configurationSet } : {}),
          }),
        );
      } catch (err) {
        const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
        const status = e.$metadata?.httpStatusCode;
        // OUT-6: throttling (and any 5xx or network failure) is retried with backoff; SES drops throttled mail.
        const permanent = !!e.name && PERMANENT.has(e.name);
        throw new DeliveryError(`SES ${e.name ?? 'error'}: ${e.message ?? String(err)}`, permanent, status);
      }
      if (!out.MessageId) throw new DeliveryError('SES answered without a MessageId', false);
      return { providerMessageId: out.MessageId, response: `SES ${out.MessageId}`, messageIds: sesMessageIds(out.MessageId, o.region) };
    },
    async close() {
      client.destroy?.();
    },
  };
}
