// Table types added by the digest feature; joined into Database in schema.ts.
import type { ColumnType } from 'kysely';
import type { Timestamp } from './schema.js';

export type UnsubscribeScope = 'digest' | 'all';

export interface UnsubscribeTokensTable {
  token: string; // opaque, random; the one-click URL is PUBLIC_URL/u/<token>
  person_id: number;
  scope: UnsubscribeScope;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export type DigestRunStatus = 'queued' | 'empty';

export interface DigestRunsTable {
  person_id: number;
  local_date: ColumnType<string, string, string>; // YYYY-MM-DD in the person's zone
  status: DigestRunStatus;
  outbox_id: number | null;
  items: ColumnType<number, number | undefined, number>;
  planned_at: Timestamp;
}

export interface DigestTables {
  unsubscribe_tokens: UnsubscribeTokensTable;
  digest_runs: DigestRunsTable;
}

// Columns 0004_digest adds to people, merged into schema.ts's PeopleTable (declaration merging keeps
// them with this feature; both are optional on insert, so existing inserts are unaffected).
declare module './schema.js' {
  interface PeopleTable {
    digest_enabled: ColumnType<boolean, boolean | undefined, boolean>;
    digest_hour: ColumnType<number, number | undefined, number>;
  }
}
