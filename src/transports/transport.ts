// A transport delivers a composed message's exact bytes; it knows nothing else.
export interface Envelope {
  from: string; // MAIL FROM (canonical)
  to: string[]; // RCPT TO (canonical, validated: OUT-7)
}

export interface DeliveryResult {
  providerMessageId: string | null;
  response?: string;
  /** Other Message-IDs the message now travels under (SES replaces ours: OUT-5), for threading replies back. */
  messageIds?: string[];
  /** Recipients the server refused permanently while taking the others. */
  rejected?: string[];
}

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean, // 5xx: don't retry
    readonly responseCode?: number,
    /** Addresses that failed for good because of the address itself (unknown user, mailbox gone): suppress them. */
    readonly rejected: string[] = [],
  ) {
    super(message);
  }
}

export interface Transport {
  readonly name: string;
  send(raw: Buffer, envelope: Envelope, messageId: string): Promise<DeliveryResult>;
  close(): Promise<void>;
}
