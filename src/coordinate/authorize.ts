// The one authorisation rule for every change made by mail: reply commands, numbered replies to digests,
// status reports read from CC'd threads, meeting commands, and answers to our own confirmation requests.
// It decides *who is speaking*; the role (task owner, project lead, brief sender, meeting organizer)
// decides *what they may change*.
//
// Who is speaking. A From header is the sender's say-so, so it only counts when
//   (a) it names exactly one address (a list or a group never commands), and
//   (b) the message came through a reply token minted for that address (or an address its person has
//       confirmed as theirs), still valid: not revoked and younger than the token lifetime, counted from
//       the outbox row it was minted for, and
//   (c) under COMMAND_AUTH=dmarc, DMARC passed aligned with From.
// A token that fails (b) because it is old, a sender that fails (c), or the same command sent again
// through the same token by an unauthenticated sender (a replay, or a re-send after `undo`) is *held*:
// nothing changes until the token's owner answers a fresh request with `yes`. A status change read from a
// CC'd thread carries no token at all; it changes a task at once only when the sender is authenticated,
// otherwise it is a report that the task's owner is asked to confirm.
import type { Kysely } from 'kysely';
import type { ParsedEmail } from '../parse/types.js';
import { confirmedOwnerOf, issuedToken, replayedKeys, type IssuedToken } from '../store/command-auth.js';
import { findPersonByEmail, getPeople } from '../store/people.js';
import type { Database, Person, Project, Task } from '../store/schema.js';
import type { SenderAuthVerdict } from './authenticate-sender.js';
import type { CoordinateDeps } from './context.js';
import type { HandlerInput } from './inbound-handlers.js';
import type { ThreadContext } from './process-inbound.js';

/** Why a command changed nothing. The first five are about who is speaking, the rest about their role. */
export type Refusal = 'from_not_single' | 'no_token' | 'token_not_theirs' | 'token_revoked' | 'unknown_sender' | 'not_authorised';
/** Why a command waits for a `yes` from the person named in the outcome. */
export type HoldReason = 'token_expired' | 'unauthenticated' | 'replay' | 'unverified_report';

export type AuthOutcome =
  | { outcome: 'allowed'; actor: Person; authenticated: boolean }
  | { outcome: 'held'; why: HoldReason; actor: Person | undefined; confirmBy: Person | undefined }
  | { outcome: 'refused'; why: Refusal; actor: Person | undefined; askLead: boolean };

/**
 * What the speaker wants to change. `decision` is a `yes`/`no` to one of our own confirmation requests;
 * `own` is what concerns the speaker alone (`undo` of their own change, `unsubscribe`).
 */
export type Target =
  | { kind: 'task'; task: Task; project: Project; commandKey: string }
  | { kind: 'report'; task: Task; project: Project }
  | { kind: 'meeting'; organizerId: number; leadId: number | null }
  | { kind: 'decision'; confirmBy: number | null; leadId: number | null }
  | { kind: 'own' };

export interface AuthRequest {
  email: Pick<ParsedEmail, 'from' | 'headers'>;
  thread: ThreadContext | null;
  senderAuth?: SenderAuthVerdict;
  inboundId: number;
  now: Date;
  tokenDays: number;
  target: Target;
}

export const DEFAULT_TOKEN_DAYS = 30;

/** The rule as the mail handlers call it: the deps' weakened rule when a test passes one in, else the real one. */
export function authorizeFor(ctx: { deps: CoordinateDeps & { db: Kysely<Database> }; input: HandlerInput; email: AuthRequest['email']; now: Date }, target: Target): Promise<AuthOutcome> {
  const rule = ctx.deps.authorize ?? authorize;
  return rule(ctx.deps.db, { email: ctx.email, thread: ctx.input.thread, senderAuth: ctx.input.senderAuth, inboundId: ctx.input.inboundId, now: ctx.now, tokenDays: ctx.deps.replyTokenDays ?? DEFAULT_TOKEN_DAYS, target });
}

/** A test-only seam: the attack harness swaps in a weakened rule to prove it can see a hole. */
export type Authorizer = (db: Kysely<Database>, r: AuthRequest) => Promise<AuthOutcome>;

export async function authorize(db: Kysely<Database>, r: AuthRequest): Promise<AuthOutcome> {
  const speaker = await identify(db, r);
  if ('refused' in speaker) return { outcome: 'refused', why: speaker.refused, actor: speaker.person, askLead: speaker.askLead };
  const { person, token } = speaker;
  const refuse = (why: Refusal): AuthOutcome => ({ outcome: 'refused', why, actor: person, askLead: why === 'not_authorised' || why === 'no_token' || why === 'token_not_theirs' });
  const t = r.target;
  const authenticated = !!r.senderAuth?.authenticated;
  if (t.kind === 'report') {
    if (!hasTaskRole(person, t.task, t.project)) return refuse('not_authorised');
    if (authenticated) return { outcome: 'allowed', actor: person, authenticated };
    const ownerId = t.task.owner_id ?? t.project.lead_id;
    const [confirmBy] = ownerId ? await getPeople(db, [ownerId]) : [];
    return { outcome: 'held', why: 'unverified_report', actor: person, confirmBy };
  }
  if (!token) return refuse('no_token');
  if (token.revoked) return { outcome: 'refused', why: 'token_revoked', actor: person, askLead: false };
  if (!speaker.bound) return refuse('token_not_theirs');
  if (t.kind === 'task' && !hasTaskRole(person, t.task, t.project)) return refuse('not_authorised');
  if (t.kind === 'meeting' && person.id !== t.organizerId && person.id !== t.leadId) return refuse('not_authorised');
  if (t.kind === 'decision' && (t.confirmBy ? person.id !== t.confirmBy : person.id !== t.leadId)) return refuse('not_authorised');
  const held = (why: HoldReason): AuthOutcome => ({ outcome: 'held', why, actor: person, confirmBy: person });
  if (r.now.getTime() - token.issuedAt.getTime() > r.tokenDays * 86_400_000) return held('token_expired');
  // A `yes` to our own request is proof by itself: only that mailbox received the fresh token.
  if (t.kind === 'decision') return { outcome: 'allowed', actor: person, authenticated };
  if (r.senderAuth?.policy === 'dmarc' && !authenticated) return held('unauthenticated');
  if (t.kind === 'task' && !authenticated && (await replayedKeys(db, token.token, [t.commandKey], r.inboundId)).size) return held('replay');
  return { outcome: 'allowed', actor: person, authenticated };
}

type Speaker = { person: Person; token: IssuedToken | null; bound: boolean } | { refused: Refusal; person: Person | undefined; askLead: boolean };

async function identify(db: Kysely<Database>, r: AuthRequest): Promise<Speaker> {
  const address = singleFromAddress(r.email);
  if (!address) return { refused: 'from_not_single', person: undefined, askLead: false };
  const direct = await findPersonByEmail(db, address);
  const aliasOf = direct ? null : await confirmedOwnerOf(db, address);
  const person = direct ?? (aliasOf ? (await getPeople(db, [aliasOf]))[0] : undefined);
  const token = r.thread?.viaToken && r.thread.outboxId ? await issuedToken(db, r.thread.outboxId) : null;
  if (!person) return { refused: token ? 'token_not_theirs' : 'unknown_sender', person: undefined, askLead: !!token || r.target.kind === 'task' };
  let bound = false;
  if (token) {
    bound = token.recipient === person.email;
    // The token was minted for another address of the same person (one they confirmed as theirs).
    if (!bound) bound = (await findPersonByEmail(db, token.recipient))?.id === person.id || (await confirmedOwnerOf(db, token.recipient)) === person.id;
  }
  return { person, token, bound };
}

export function hasTaskRole(sender: Person | undefined, task: Task, project: Project): boolean {
  const id = sender?.id;
  return id !== undefined && (task.owner_id === id || project.lead_id === id || project.requester_id === id);
}

export function isLead(sender: Person | undefined, project: Project): boolean {
  return !!sender && project.lead_id === sender.id;
}

/**
 * The one address of a From header that names exactly one mailbox; null for a list ("a@x, b@y"), a group
 * ("team: a@x;"), several From headers, or an address hidden behind another ("a@x <b@y>" unquoted).
 * Quoted display names ("tom@acme.io" <eve@evil.test>) are fine: the address is the one in brackets.
 */
export function singleFromAddress(email: Pick<ParsedEmail, 'from' | 'headers'>): string | null {
  const values = email.headers['from'] ?? [];
  if (values.length !== 1 || !email.from?.address) return null;
  let v = values[0]!.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (let prev = ''; prev !== v; ) [prev, v] = [v, v.replace(/\([^()]*\)/g, ' ')];
  v = v.replace(/<[^<>]*>/g, '<>');
  if (/[,;:]/.test(v)) return null;
  const angles = v.match(/<>/g)?.length ?? 0;
  if (angles > 1 || (angles === 1 ? v.includes('@') : (v.match(/@/g)?.length ?? 0) !== 1)) return null;
  return email.from.address.toLowerCase();
}

/** The part of a task command that makes it "the same command again": action, task and new value. */
export function commandKey(c: { action: string; due?: string | null; owner?: string | null }, taskId: number): string {
  return [c.action, taskId, c.due ?? '', (c.owner ?? '').toLowerCase()].join('|');
}
