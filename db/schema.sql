-- Generated from db/migrations by `npm run dump-schema`; do not edit.

CREATE TABLE applied_commands (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  inbound_id integer,
  actor_id integer,
  project_id integer,
  action text NOT NULL,
  changes jsonb NOT NULL DEFAULT '[]'::jsonb,
  undone_at timestamp with time zone,
  undone_by_inbound_id integer,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT applied_commands_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES people(id),
  CONSTRAINT applied_commands_inbound_id_fkey FOREIGN KEY (inbound_id) REFERENCES inbound_messages(id),
  CONSTRAINT applied_commands_pkey PRIMARY KEY (id),
  CONSTRAINT applied_commands_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
  CONSTRAINT applied_commands_undone_by_inbound_id_fkey FOREIGN KEY (undone_by_inbound_id) REFERENCES inbound_messages(id)
);
CREATE INDEX applied_commands_actor ON applied_commands USING btree (actor_id, id);

CREATE TABLE busy_intervals (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  person_id integer NOT NULL,
  start_at timestamp with time zone NOT NULL,
  end_at timestamp with time zone NOT NULL,
  CONSTRAINT busy_intervals_person_id_fkey FOREIGN KEY (person_id) REFERENCES person_calendars(person_id) ON DELETE CASCADE,
  CONSTRAINT busy_intervals_pkey PRIMARY KEY (id)
);
CREATE INDEX busy_intervals_person_start ON busy_intervals USING btree (person_id, start_at);

CREATE TABLE command_replays (
  token text NOT NULL,
  command_key text NOT NULL,
  inbound_id integer NOT NULL,
  applied_at timestamp with time zone NOT NULL,
  CONSTRAINT command_replays_inbound_id_fkey FOREIGN KEY (inbound_id) REFERENCES inbound_messages(id) ON DELETE CASCADE,
  CONSTRAINT command_replays_pk PRIMARY KEY (token, command_key)
);

CREATE TABLE confirmed_addresses (
  address text NOT NULL,
  person_id integer NOT NULL,
  confirmed_at timestamp with time zone NOT NULL,
  CONSTRAINT confirmed_addresses_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id) ON DELETE CASCADE,
  CONSTRAINT confirmed_addresses_pkey PRIMARY KEY (address)
);
CREATE INDEX confirmed_addresses_person ON confirmed_addresses USING btree (person_id);

CREATE TABLE digest_runs (
  person_id integer NOT NULL,
  local_date date NOT NULL,
  status text NOT NULL,
  outbox_id integer,
  items integer NOT NULL DEFAULT 0,
  planned_at timestamp with time zone NOT NULL,
  CONSTRAINT digest_runs_outbox_id_fkey FOREIGN KEY (outbox_id) REFERENCES outbox(id) ON DELETE SET NULL,
  CONSTRAINT digest_runs_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id) ON DELETE CASCADE,
  CONSTRAINT digest_runs_pk PRIMARY KEY (person_id, local_date)
);

CREATE TABLE imap_cursors (
  mailbox text NOT NULL,
  uid_validity text NOT NULL,
  last_uid bigint NOT NULL DEFAULT 0,
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT imap_cursors_pkey PRIMARY KEY (mailbox)
);

CREATE TABLE inbound_auth (
  inbound_id integer NOT NULL,
  helo text,
  verdict jsonb,
  checked_at timestamp with time zone,
  CONSTRAINT inbound_auth_inbound_id_fkey FOREIGN KEY (inbound_id) REFERENCES inbound_messages(id) ON DELETE CASCADE,
  CONSTRAINT inbound_auth_pkey PRIMARY KEY (inbound_id)
);

CREATE TABLE inbound_messages (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  channel text NOT NULL,
  dedupe_key text NOT NULL,
  message_id text,
  content_sha256 text NOT NULL,
  raw bytea NOT NULL,
  size integer NOT NULL,
  mail_from text,
  rcpt_to jsonb NOT NULL DEFAULT '[]'::jsonb,
  remote_address text,
  status text NOT NULL DEFAULT 'received'::text,
  classification text,
  understanding jsonb,
  error text,
  attempts integer NOT NULL DEFAULT 0,
  project_id integer,
  received_at timestamp with time zone NOT NULL,
  processed_at timestamp with time zone,
  CONSTRAINT inbound_messages_dedupe_key_key UNIQUE (dedupe_key),
  CONSTRAINT inbound_messages_pkey PRIMARY KEY (id)
);
CREATE INDEX inbound_messages_message_id ON inbound_messages USING btree (message_id);
CREATE INDEX inbound_messages_status ON inbound_messages USING btree (status);

CREATE TABLE llm_call_budget (
  sender text NOT NULL,
  day text NOT NULL,
  calls integer NOT NULL,
  CONSTRAINT llm_call_budget_pk PRIMARY KEY (sender, day)
);

CREATE TABLE meeting_attendees (
  meeting_id integer NOT NULL,
  person_id integer NOT NULL,
  role text NOT NULL,
  partstat text NOT NULL DEFAULT 'NEEDS-ACTION'::text,
  partstat_at timestamp with time zone,
  comment text,
  sent_sequence integer,
  reply_sequence integer,
  reply_dtstamp timestamp with time zone,
  removed_at timestamp with time zone,
  CONSTRAINT meeting_attendees_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES meetings(id) ON DELETE CASCADE,
  CONSTRAINT meeting_attendees_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id),
  CONSTRAINT meeting_attendees_pk PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_attendees_person ON meeting_attendees USING btree (person_id);

CREATE TABLE meeting_events (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  meeting_id integer NOT NULL,
  kind text NOT NULL,
  person_id integer,
  sequence integer,
  inbound_id integer,
  outbox_id integer,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamp with time zone NOT NULL,
  CONSTRAINT meeting_events_inbound_id_fkey FOREIGN KEY (inbound_id) REFERENCES inbound_messages(id),
  CONSTRAINT meeting_events_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES meetings(id) ON DELETE CASCADE,
  CONSTRAINT meeting_events_outbox_id_fkey FOREIGN KEY (outbox_id) REFERENCES outbox(id) ON DELETE SET NULL,
  CONSTRAINT meeting_events_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id),
  CONSTRAINT meeting_events_pkey PRIMARY KEY (id)
);
CREATE INDEX meeting_events_meeting ON meeting_events USING btree (meeting_id);

CREATE TABLE meetings (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  project_id integer NOT NULL,
  uid text NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT ''::text,
  requester_id integer NOT NULL,
  time_zone text NOT NULL,
  duration_minutes integer NOT NULL,
  status text NOT NULL,
  start_at timestamp with time zone,
  end_at timestamp with time zone,
  window_start timestamp with time zone NOT NULL,
  window_end timestamp with time zone NOT NULL,
  sequence integer NOT NULL DEFAULT 0,
  source_inbound_id integer,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT meetings_pkey PRIMARY KEY (id),
  CONSTRAINT meetings_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
  CONSTRAINT meetings_requester_id_fkey FOREIGN KEY (requester_id) REFERENCES people(id),
  CONSTRAINT meetings_source_inbound_id_fkey FOREIGN KEY (source_inbound_id) REFERENCES inbound_messages(id),
  CONSTRAINT meetings_uid_key UNIQUE (uid)
);
CREATE INDEX meetings_project ON meetings USING btree (project_id);

CREATE TABLE message_index (
  message_id text NOT NULL,
  project_id integer,
  task_id integer,
  outbox_id integer,
  inbound_id integer,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT message_index_inbound_id_fkey FOREIGN KEY (inbound_id) REFERENCES inbound_messages(id),
  CONSTRAINT message_index_outbox_id_fkey FOREIGN KEY (outbox_id) REFERENCES outbox(id) ON DELETE CASCADE,
  CONSTRAINT message_index_pkey PRIMARY KEY (message_id),
  CONSTRAINT message_index_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
  CONSTRAINT message_index_task_id_fkey FOREIGN KEY (task_id) REFERENCES tasks(id) ON DELETE SET NULL
);

CREATE TABLE nudge_log (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  person_id integer NOT NULL,
  local_date text NOT NULL,
  outbox_id integer,
  created_at timestamp with time zone NOT NULL,
  revision integer NOT NULL DEFAULT 0,
  superseded_at timestamp with time zone,
  CONSTRAINT nudge_log_outbox_id_fkey FOREIGN KEY (outbox_id) REFERENCES outbox(id) ON DELETE SET NULL,
  CONSTRAINT nudge_log_person_date UNIQUE (person_id, local_date),
  CONSTRAINT nudge_log_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id),
  CONSTRAINT nudge_log_pkey PRIMARY KEY (id)
);

CREATE TABLE outbox (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL,
  idempotency_key text NOT NULL,
  message_id text NOT NULL,
  in_reply_to text,
  references jsonb NOT NULL DEFAULT '[]'::jsonb,
  from_address text NOT NULL,
  to jsonb NOT NULL,
  cc jsonb NOT NULL DEFAULT '[]'::jsonb,
  subject text NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}'::jsonb,
  text text NOT NULL,
  html text,
  raw bytea NOT NULL,
  reply_token text,
  status text NOT NULL DEFAULT 'queued'::text,
  attempts integer NOT NULL DEFAULT 0,
  lease_until timestamp with time zone,
  not_after timestamp with time zone,
  provider_message_id text,
  last_error text,
  project_id integer,
  task_id integer,
  person_id integer,
  inbound_id integer,
  context jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  sent_at timestamp with time zone,
  CONSTRAINT outbox_idempotency_key_key UNIQUE (idempotency_key),
  CONSTRAINT outbox_inbound_id_fkey FOREIGN KEY (inbound_id) REFERENCES inbound_messages(id),
  CONSTRAINT outbox_message_id_key UNIQUE (message_id),
  CONSTRAINT outbox_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id),
  CONSTRAINT outbox_pkey PRIMARY KEY (id),
  CONSTRAINT outbox_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE SET NULL,
  CONSTRAINT outbox_reply_token_key UNIQUE (reply_token),
  CONSTRAINT outbox_task_id_fkey FOREIGN KEY (task_id) REFERENCES tasks(id) ON DELETE SET NULL
);
CREATE INDEX outbox_status ON outbox USING btree (status);

CREATE TABLE pending_commands (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  project_id integer NOT NULL,
  inbound_id integer NOT NULL,
  requested_by integer,
  requested_address text NOT NULL,
  reason text NOT NULL,
  commands jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending'::text,
  decided_by integer,
  decided_inbound_id integer,
  decided_at timestamp with time zone,
  created_at timestamp with time zone NOT NULL,
  confirm_by integer,
  CONSTRAINT pending_commands_confirm_by_fkey FOREIGN KEY (confirm_by) REFERENCES people(id),
  CONSTRAINT pending_commands_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES people(id),
  CONSTRAINT pending_commands_decided_inbound_id_fkey FOREIGN KEY (decided_inbound_id) REFERENCES inbound_messages(id),
  CONSTRAINT pending_commands_inbound_id_fkey FOREIGN KEY (inbound_id) REFERENCES inbound_messages(id),
  CONSTRAINT pending_commands_inbound_reason UNIQUE (inbound_id, project_id, reason),
  CONSTRAINT pending_commands_pkey PRIMARY KEY (id),
  CONSTRAINT pending_commands_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
  CONSTRAINT pending_commands_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES people(id)
);

CREATE TABLE people (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  email text NOT NULL,
  display_name text NOT NULL DEFAULT ''::text,
  time_zone text,
  time_zone_source text,
  work_start text NOT NULL DEFAULT '09:00'::text,
  work_end text NOT NULL DEFAULT '17:00'::text,
  work_days text NOT NULL DEFAULT '1,2,3,4,5'::text,
  unsubscribed_at timestamp with time zone,
  suppressed_at timestamp with time zone,
  suppressed_reason text,
  away_until timestamp with time zone,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  digest_enabled boolean NOT NULL DEFAULT true,
  digest_hour smallint NOT NULL DEFAULT 8,
  CONSTRAINT people_digest_hour_check CHECK (((digest_hour >= 0) AND (digest_hour <= 23))),
  CONSTRAINT people_email_key UNIQUE (email),
  CONSTRAINT people_pkey PRIMARY KEY (id)
);

CREATE TABLE person_calendars (
  person_id integer NOT NULL,
  freebusy_url text NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  checked_at timestamp with time zone,
  fetched_at timestamp with time zone,
  covered_until timestamp with time zone,
  last_error text,
  CONSTRAINT person_calendars_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id) ON DELETE CASCADE,
  CONSTRAINT person_calendars_pkey PRIMARY KEY (person_id)
);

CREATE TABLE person_events (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  person_id integer NOT NULL,
  kind text NOT NULL,
  inbound_id integer,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamp with time zone NOT NULL,
  CONSTRAINT person_events_inbound_id_fkey FOREIGN KEY (inbound_id) REFERENCES inbound_messages(id),
  CONSTRAINT person_events_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id),
  CONSTRAINT person_events_pkey PRIMARY KEY (id)
);
CREATE INDEX person_events_person ON person_events USING btree (person_id);

CREATE TABLE project_members (
  project_id integer NOT NULL,
  person_id integer NOT NULL,
  role text NOT NULL DEFAULT 'member'::text,
  CONSTRAINT project_members_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id),
  CONSTRAINT project_members_pk PRIMARY KEY (project_id, person_id),
  CONSTRAINT project_members_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE
);

CREATE TABLE projects (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active'::text,
  lead_id integer,
  requester_id integer,
  source_inbound_id integer,
  subject text NOT NULL DEFAULT ''::text,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT projects_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES people(id),
  CONSTRAINT projects_pkey PRIMARY KEY (id),
  CONSTRAINT projects_requester_id_fkey FOREIGN KEY (requester_id) REFERENCES people(id),
  CONSTRAINT projects_source_inbound_id_fkey FOREIGN KEY (source_inbound_id) REFERENCES inbound_messages(id)
);

CREATE TABLE revoked_reply_tokens (
  token text NOT NULL,
  reason text NOT NULL,
  revoked_at timestamp with time zone NOT NULL,
  CONSTRAINT revoked_reply_tokens_pkey PRIMARY KEY (token)
);

CREATE TABLE signing_secrets (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  secret text NOT NULL,
  source text NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  expires_at timestamp with time zone,
  CONSTRAINT signing_secrets_pkey PRIMARY KEY (id),
  CONSTRAINT signing_secrets_secret_key UNIQUE (secret)
);

CREATE TABLE sns_messages (
  message_id text NOT NULL,
  topic_arn text NOT NULL,
  type text NOT NULL,
  received_at timestamp with time zone NOT NULL,
  CONSTRAINT sns_messages_pkey PRIMARY KEY (message_id)
);

CREATE TABLE suppression_events (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  email text NOT NULL,
  kind text NOT NULL,
  source text NOT NULL,
  detail text,
  outbox_id integer,
  inbound_id integer,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT suppression_events_inbound_id_fkey FOREIGN KEY (inbound_id) REFERENCES inbound_messages(id),
  CONSTRAINT suppression_events_outbox_id_fkey FOREIGN KEY (outbox_id) REFERENCES outbox(id) ON DELETE SET NULL,
  CONSTRAINT suppression_events_pkey PRIMARY KEY (id)
);
CREATE INDEX suppression_events_email ON suppression_events USING btree (email);

CREATE TABLE task_events (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  task_id integer NOT NULL,
  kind text NOT NULL,
  actor_id integer,
  inbound_id integer,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamp with time zone NOT NULL,
  CONSTRAINT task_events_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES people(id),
  CONSTRAINT task_events_inbound_id_fkey FOREIGN KEY (inbound_id) REFERENCES inbound_messages(id),
  CONSTRAINT task_events_pkey PRIMARY KEY (id),
  CONSTRAINT task_events_task_id_fkey FOREIGN KEY (task_id) REFERENCES tasks(id) ON DELETE CASCADE
);
CREATE INDEX task_events_task ON task_events USING btree (task_id);

CREATE TABLE task_nudges (
  task_id integer NOT NULL,
  slot text NOT NULL,
  local_date text NOT NULL,
  nudge_id integer NOT NULL,
  escalated boolean NOT NULL DEFAULT false,
  CONSTRAINT task_nudges_nudge_id_fkey FOREIGN KEY (nudge_id) REFERENCES nudge_log(id) ON DELETE CASCADE,
  CONSTRAINT task_nudges_pk PRIMARY KEY (task_id, slot),
  CONSTRAINT task_nudges_task_id_fkey FOREIGN KEY (task_id) REFERENCES tasks(id) ON DELETE CASCADE
);

CREATE TABLE tasks (
  id integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  project_id integer NOT NULL,
  number integer NOT NULL,
  title text NOT NULL,
  owner_id integer,
  owner_name text,
  status text NOT NULL DEFAULT 'open'::text,
  blocked_reason text,
  due_date date,
  due_tz text,
  due_at timestamp with time zone,
  snoozed_until timestamp with time zone,
  source_inbound_id integer,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  completed_at timestamp with time zone,
  confidence real,
  evidence text,
  CONSTRAINT tasks_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES people(id),
  CONSTRAINT tasks_pkey PRIMARY KEY (id),
  CONSTRAINT tasks_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
  CONSTRAINT tasks_project_number UNIQUE (project_id, number),
  CONSTRAINT tasks_source_inbound_id_fkey FOREIGN KEY (source_inbound_id) REFERENCES inbound_messages(id)
);
CREATE INDEX tasks_owner ON tasks USING btree (owner_id, status);

CREATE TABLE understanding_cache (
  hash text NOT NULL,
  engine text NOT NULL,
  result text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT understanding_cache_pkey PRIMARY KEY (hash)
);

CREATE TABLE unsubscribe_tokens (
  token text NOT NULL,
  person_id integer NOT NULL,
  scope text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  used_at timestamp with time zone,
  CONSTRAINT unsubscribe_tokens_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id) ON DELETE CASCADE,
  CONSTRAINT unsubscribe_tokens_person_scope UNIQUE (person_id, scope),
  CONSTRAINT unsubscribe_tokens_pkey PRIMARY KEY (token)
);

CREATE TABLE workspace_settings (
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT workspace_settings_pkey PRIMARY KEY (key)
);
