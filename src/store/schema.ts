// One Database interface joining the table types (kysely's example/src/database.ts).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DigestTables } from './schema-digest.js';
import type { CommandAuthTables } from './schema-command-auth.js';
import type { FollowThroughTables } from './schema-follow-through.js';
import type { MeetingTables } from './schema-meetings.js';
import type { PlumbingTables } from './schema-plumbing.js';
import type { UnderstandingTables } from './schema-understanding.js';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type OptionalTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T> = ColumnType<T, string | T, string | T>;

export interface PeopleTable {
  id: Generated<number>;
  email: string;
  display_name: Generated<string>;
  time_zone: string | null;
  time_zone_source: 'date_header' | 'set' | null;
  work_start: Generated<string>;
  work_end: Generated<string>;
  work_days: Generated<string>;
  unsubscribed_at: Timestamp | null;
  suppressed_at: Timestamp | null;
  suppressed_reason: string | null;
  away_until: Timestamp | null;
  created_at: OptionalTimestamp;
  updated_at: OptionalTimestamp;
}

export type InboundStatus = 'received' | 'processing' | 'processed' | 'ignored' | 'failed';

export interface InboundMessagesTable {
  id: Generated<number>;
  channel: string;
  dedupe_key: string;
  message_id: string | null;
  content_sha256: string;
  raw: Buffer;
  size: number;
  mail_from: string | null;
  rcpt_to: Json<string[]>;
  remote_address: string | null;
  status: Generated<InboundStatus>;
  classification: string | null;
  understanding: Json<unknown> | null;
  error: string | null;
  attempts: Generated<number>;
  project_id: number | null;
  received_at: Timestamp;
  processed_at: Timestamp | null;
}

export interface ProjectsTable {
  id: Generated<number>;
  name: string;
  status: Generated<string>;
  lead_id: number | null;
  requester_id: number | null;
  source_inbound_id: number | null;
  subject: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProjectMembersTable {
  project_id: number;
  person_id: number;
  /** `copied`: only seen on a thread that copied the assistant, which anyone can send (no stake). */
  role: Generated<'lead' | 'requester' | 'member' | 'copied'>;
}

export type TaskStatus = 'open' | 'blocked' | 'done' | 'cancelled';

export interface TasksTable {
  id: Generated<number>;
  project_id: number;
  number: number;
  title: string;
  owner_id: number | null;
  owner_name: string | null;
  status: Generated<TaskStatus>;
  blocked_reason: string | null;
  due_date: ColumnType<string | null, string | null, string | null>; // YYYY-MM-DD
  due_tz: string | null;
  due_at: Timestamp | null;
  snoozed_until: Timestamp | null;
  source_inbound_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
  confidence: number | null; // 0..1, how sure the engine was that this is a task (null: not recorded)
  evidence: string | null; // the words of the message it was read from
}

export interface TaskEventsTable {
  id: Generated<number>;
  task_id: number;
  kind: string;
  actor_id: number | null;
  inbound_id: number | null;
  data: Json<Record<string, unknown>>;
  at: Timestamp;
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'suppressed' | 'expired';

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  idempotency_key: string;
  message_id: string;
  in_reply_to: string | null;
  references: Json<string[]>;
  from_address: string;
  to: Json<string[]>;
  cc: Json<string[]>;
  subject: string;
  headers: Json<Record<string, string>>;
  text: string;
  html: string | null;
  raw: Buffer;
  reply_token: string | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  lease_until: Timestamp | null;
  not_after: Timestamp | null;
  provider_message_id: string | null;
  last_error: string | null;
  project_id: number | null;
  task_id: number | null;
  person_id: number | null;
  inbound_id: number | null;
  context: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface MessageIndexTable {
  message_id: string;
  project_id: number | null;
  task_id: number | null;
  outbox_id: number | null;
  inbound_id: number | null;
  created_at: Timestamp;
}

/** Keys for reply tokens (db/migrations/0009): the newest without an expiry signs, the others verify until they expire. */
export interface SigningSecretsTable {
  id: Generated<number>;
  secret: string;
  source: 'generated' | 'data-dir' | 'rotated';
  created_at: OptionalTimestamp;
  expires_at: Timestamp | null;
}

export interface Database extends CommandAuthTables, FollowThroughTables, MeetingTables, DigestTables, PlumbingTables, UnderstandingTables {
  people: PeopleTable;
  signing_secrets: SigningSecretsTable;
  inbound_messages: InboundMessagesTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  tasks: TasksTable;
  task_events: TaskEventsTable;
  outbox: OutboxTable;
  message_index: MessageIndexTable;
}

export type Person = Selectable<PeopleTable>;
export type Project = Selectable<ProjectsTable>;
export type Task = Selectable<TasksTable>;
export type TaskEvent = Selectable<TaskEventsTable>;
export type InboundMessage = Selectable<InboundMessagesTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type TaskUpdate = Updateable<TasksTable>;
