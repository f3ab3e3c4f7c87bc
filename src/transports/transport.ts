// A transport delivers a composed message's exact bytes; it knows nothing else.
export interface Envelope {
  from: string; // MAIL FROM (canonical)
  to: string[]; // RCPT TO (canonical, validated: OUT-7)
}

export interface DeliveryResult {
  providerMessageId: string | null;
  response?: string;
}

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean, // 5xx: don't retry
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

export interface Transport {
  readonly name: string;
  send(raw: Buffer, envelope: Envelope, messageId: string): Promise<DeliveryResult>;
  close(): Promise<void>;
}
