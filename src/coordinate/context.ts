// What the use cases need, as a slice of the composition root (deps.ts builds the real thing).
import type { Logger } from 'pino';
import type { ParsedEmail, ParseLimits } from '../parse/types.js';
import type { Clock } from '../domain/clock.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Db } from '../store/db.js';
import type { UnderstandingEngine } from '../understand/types.js';
import type { Authorizer } from './authorize.js';

export interface Identity {
  address: string; // coordinator@domain
  domain: string;
  name: string;
  instanceId: string; // our loop marker (LOOP-5/6)
  publicUrl: string;
}

export interface CoordinateDeps {
  /** Parses raw mail; the service isolates it in a worker with time and memory limits (MIME-2). */
  parse?: (raw: Buffer, limits: Partial<ParseLimits>) => Promise<ParsedEmail>;
  db: Db;
  queue: Pick<JobQueue, 'enqueue' | 'enqueueMany'>;
  clock: Clock;
  log: Logger;
  engine: UnderstandingEngine;
  identity: Identity;
  /** Signs reply tokens; `olderSecrets` still verify (a rotation's grace period). */
  secret: string;
  olderSecrets?: string[];
  limits: { maxBytes: number; maxRecipients: number; maxMimeDepth: number };
  /** Days a reply token may change tasks by itself (REPLY_TOKEN_DAYS); absent → 30. */
  replyTokenDays?: number;
  /** The authorisation rule; only the attack harness replaces it, with a weakened one, to show it can fail. */
  authorize?: Authorizer;
  /** Reads a person's free/busy ICS feed (meetings); absent → only meetings we hold count as busy. */
  fetchFreeBusy?: (url: string) => Promise<string>;
}
