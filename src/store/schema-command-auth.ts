// Tables behind the one authorisation rule (0010); joined into Database in schema.ts.
import type { Timestamp } from './schema.js';

export interface CommandReplaysTable {
  token: string;
  /** action and target of one applied command, e.g. "done|12" (see commandKey in authorize.ts). */
  command_key: string;
  inbound_id: number;
  applied_at: Timestamp;
}

export interface RevokedReplyTokensTable {
  token: string;
  reason: string;
  revoked_at: Timestamp;
}

export interface ConfirmedAddressesTable {
  address: string; // lower-cased
  person_id: number;
  confirmed_at: Timestamp;
}

export interface CommandAuthTables {
  command_replays: CommandReplaysTable;
  revoked_reply_tokens: RevokedReplyTokensTable;
  confirmed_addresses: ConfirmedAddressesTable;
}
