// Table types added by the plumbing feature; joined into Database in schema.ts.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ImapCursorsTable {
  mailbox: string;
  uid_validity: string;
  last_uid: ColumnType<number | string, number, number>; // int8: a number on PGlite, a string on pg
  updated_at: Timestamp;
}

export type SuppressionKind = 'hard_bounce' | 'soft_bounce' | 'complaint' | 'rejected';

export interface SuppressionEventsTable {
  id: Generated<number>;
  email: string;
  kind: SuppressionKind;
  source: 'dsn' | 'arf' | 'ses' | 'smtp';
  detail: string | null;
  outbox_id: number | null;
  inbound_id: number | null;
  created_at: Timestamp;
}

export interface SnsMessagesTable {
  message_id: string;
  topic_arn: string;
  type: string;
  received_at: Timestamp;
}

export interface PlumbingTables {
  imap_cursors: ImapCursorsTable;
  suppression_events: SuppressionEventsTable;
  sns_messages: SnsMessagesTable;
}
