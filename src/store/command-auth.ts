// Queries for the authorisation rule: the token a reply came through, revocations, addresses a person
// confirmed as theirs, and the (token, command) pairs already applied.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface IssuedToken {
  token: string;
  outboxId: number;
  recipient: string; // the address the token was minted for, lower-cased
  issuedAt: Date; // when its outbox row was written
  revoked: boolean;
}

export async function issuedToken(db: Db, outboxId: number): Promise<IssuedToken | null> {
  const row = await db
    .selectFrom('outbox')
    .leftJoin('revoked_reply_tokens', 'revoked_reply_tokens.token', 'outbox.reply_token')
    .select(['outbox.id', 'outbox.reply_token', 'outbox.to', 'outbox.created_at', 'revoked_reply_tokens.revoked_at'])
    .where('outbox.id', '=', outboxId)
    .executeTakeFirst();
  const recipient = (row?.to as string[] | undefined)?.[0];
  if (!row?.reply_token || !recipient) return null;
  return { token: row.reply_token, outboxId: row.id, recipient: recipient.toLowerCase(), issuedAt: new Date(row.created_at), revoked: !!row.revoked_at };
}

export async function revokeReplyToken(db: Db, token: string, reason: string, now: Date): Promise<void> {
  await db.insertInto('revoked_reply_tokens').values({ token: token.toLowerCase(), reason, revoked_at: now }).onConflict((oc) => oc.column('token').doNothing()).execute();
}

/** The person an address belongs to by their own confirmation (their primary address is not listed here). */
export async function confirmedOwnerOf(db: Db, address: string): Promise<number | null> {
  const row = await db.selectFrom('confirmed_addresses').select('person_id').where('address', '=', address.toLowerCase()).executeTakeFirst();
  return row?.person_id ?? null;
}

export async function confirmAddress(db: Db, personId: number, address: string, now: Date): Promise<void> {
  await db
    .insertInto('confirmed_addresses')
    .values({ address: address.toLowerCase(), person_id: personId, confirmed_at: now })
    .onConflict((oc) => oc.column('address').doUpdateSet({ person_id: personId, confirmed_at: now }))
    .execute();
}

/** Which of these command keys were already applied through this token by another message. */
export async function replayedKeys(db: Db, token: string, keys: string[], inboundId: number): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await db.selectFrom('command_replays').select('command_key').where('token', '=', token).where('command_key', 'in', keys).where('inbound_id', '!=', inboundId).execute();
  return new Set(rows.map((r) => r.command_key));
}

export async function recordApplied(db: Db, token: string, keys: string[], inboundId: number, now: Date): Promise<void> {
  if (!keys.length) return;
  await db
    .insertInto('command_replays')
    .values(keys.map((command_key) => ({ token, command_key, inbound_id: inboundId, applied_at: now })))
    .onConflict((oc) => oc.columns(['token', 'command_key']).doNothing())
    .execute();
}

/**
 * Whether an address has a stake in a project: its lead, its requester, someone the brief or a change
 * named, or the owner of one of its tasks. Being copied on one of its threads is not enough: anyone can
 * copy anyone on a thread they send.
 */
export async function hasStake(db: Db, projectId: number, address: string): Promise<boolean> {
  const person = await db.selectFrom('people').select('id').where('email', '=', address.toLowerCase()).executeTakeFirst();
  if (!person) return false;
  const member = await db.selectFrom('project_members').select('role').where('project_id', '=', projectId).where('person_id', '=', person.id).executeTakeFirst();
  if (member && member.role !== 'copied') return true;
  const project = await db.selectFrom('projects').select(['lead_id', 'requester_id']).where('id', '=', projectId).executeTakeFirst();
  if (project && (project.lead_id === person.id || project.requester_id === person.id)) return true;
  return !!(await db.selectFrom('tasks').select('id').where('project_id', '=', projectId).where('owner_id', '=', person.id).executeTakeFirst());
}
