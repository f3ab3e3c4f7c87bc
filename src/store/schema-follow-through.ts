// Table types added by the follow-through feature; joined into Database in schema.ts.
import type { Generated, Selectable } from 'kysely';
import type { Json, Timestamp } from './schema.js';

export interface NudgeLogTable {
  id: Generated<number>;
  person_id: number;
  local_date: string;
  outbox_id: number | null;
  created_at: Timestamp;
  /** Bumped when a queued nudge is superseded; part of the re-planned nudge's idempotency key (0007). */
  revision: Generated<number>;
  /** Set while the person-day waits to be re-planned after its queued nudge was superseded (0007). */
  superseded_at: Timestamp | null;
}

export interface TaskNudgesTable {
  task_id: number;
  slot: string;
  local_date: string;
  nudge_id: number;
  escalated: Generated<boolean>;
}

/** One task's values before and after a command, limited to the fields commands change. */
export interface TaskChange {
  taskId: number;
  before: TaskFields;
  after: TaskFields;
}
export interface TaskFields {
  status?: string;
  owner_id?: number | null;
  owner_name?: string | null;
  blocked_reason?: string | null;
  due_date?: string | null;
  due_tz?: string | null;
  due_at?: string | null; // ISO instant
  snoozed_until?: string | null; // ISO instant
  completed_at?: string | null;
}

export interface AppliedCommandsTable {
  id: Generated<number>;
  inbound_id: number | null;
  actor_id: number | null;
  project_id: number | null;
  action: string;
  changes: Json<TaskChange[]>;
  undone_at: Timestamp | null;
  undone_by_inbound_id: number | null;
  created_at: Timestamp;
}

export interface PendingCommandsTable {
  id: Generated<number>;
  project_id: number;
  inbound_id: number;
  requested_by: number | null;
  requested_address: string;
  reason: string;
  commands: Json<unknown[]>;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  decided_by: number | null;
  decided_inbound_id: number | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  /** Who must confirm (0007): the token owner or the sender themselves; null = the project lead. */
  confirm_by: number | null;
}

export interface PersonEventsTable {
  id: Generated<number>;
  person_id: number;
  kind: string;
  inbound_id: number | null;
  data: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface WorkspaceSettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}

/** What processing found about who really sent an inbound message (AUTH-3/AUTH-4), see 0007. */
export interface InboundAuthTable {
  inbound_id: number;
  helo: string | null; // the SMTP session's HELO/EHLO name, for our own listener
  verdict: Json<Record<string, unknown>> | null;
  checked_at: Timestamp | null;
}

export interface FollowThroughTables {
  inbound_auth: InboundAuthTable;
  nudge_log: NudgeLogTable;
  task_nudges: TaskNudgesTable;
  applied_commands: AppliedCommandsTable;
  pending_commands: PendingCommandsTable;
  person_events: PersonEventsTable;
  workspace_settings: WorkspaceSettingsTable;
}

export type AppliedCommand = Selectable<AppliedCommandsTable>;
export type PendingCommand = Selectable<PendingCommandsTable>;
