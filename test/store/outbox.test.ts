// The outbox on both databases: one row per intent (REL-3), the job exists exactly when the change
// commits, leases protect a send in flight and expire after a crash with the same Message-ID (REL-4),
// and suppressed, expired or refused mail ends in a visible terminal state (OUT-4, REL-6).
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoordinateDeps } from '../../src/coordinate/context.js';
import { breaker, queueEmail, type EmailIntent } from '../../src/coordinate/queue-email.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.js';
import { sendOutbox } from '../../src/jobs/send-outbox.js';
import { upsertPerson } from '../../src/store/people.js';
import { claimOutbox } from '../../src/store/outbox.js';
import type { OpenedDatabase } from '../../src/store/db.js';
import { DeliveryError, type Transport } from '../../src/transports/transport.js';
import { testDatabases } from '../support/databases.js';

const log = pino({ level: 'silent' });

function recordingTransport(fail?: () => Error | undefined): Transport & { sent: { raw: string; to: string[] }[] } {
  const sent: { raw: string; to: string[] }[] = [];
  return {
    name: 'recording',
    sent,
    async send(raw, envelope, messageId) {
      const err = fail?.();
      if (err) throw err;
      sent.push({ raw: raw.toString(), to: envelope.to });
      return { providerMessageId: messageId };
    },
    async close() {},
  };
}

describe.each(testDatabases)('outbox on $name', (database) => {
  let store: OpenedDatabase & { queueSchema: string };
  let queue: JobQueue;
  let deps: CoordinateDeps;
  const clock = new ManualClock(new Date('2025-03-03T10:00:00Z'));
  let n = 0;
  const intent = (over: Partial<EmailIntent> = {}): EmailIntent => ({
    kind: 'test',
    idempotencyKey: `k-${++n}`,
    to: [{ name: 'Ann', address: 'ann@example.com' }],
    subject: 'Hello',
    text: 'Body',
    autoSubmitted: 'auto-generated',
    ...over,
  });
  const jobCount = async () =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.id(store.queueSchema, 'job')} where name = 'outbox-send'`.execute(store.db)).rows[0]!.n,
    );

  beforeAll(async () => {
    store = await database.open();
    queue = await createJobQueue(store, { log, schema: store.queueSchema });
    deps = {
      db: store.db,
      queue,
      clock,
      log,
      engine: { name: 'none', understand: async () => { throw new Error('unused'); } },
      identity: { address: 'coordinator@example.org', domain: 'example.org', name: 'Coordinator', instanceId: 'test-instance', publicUrl: 'http://localhost' },
      secret: 'test-secret-0123456789',
      limits: { maxBytes: 1e6, maxRecipients: 10, maxMimeDepth: 20 },
    };
  });
  afterAll(async () => {
    await queue?.stop();
    await store?.close();
  });

  it('writes one row and one send job per idempotency key, with loop-safe headers and a reply token', async () => {
    const jobs = await jobCount();
    const e = intent({ idempotencyKey: 'plan:1' });
    const first = await store.db.transaction().execute((trx) => queueEmail(deps, trx, e));
    const second = await store.db.transaction().execute((trx) => queueEmail(deps, trx, { ...e, subject: 'changed' }));
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.row.id).toBe(first.row.id);
    expect(await jobCount()).toBe(jobs + 1);
    const raw = Buffer.from(first.row.raw).toString();
    expect(raw).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
    expect(raw).toMatch(/^X-Auto-Response-Suppress: All\r?$/m);
    expect(raw).toMatch(/^X-Coordinator-Loop: test-instance\r?$/m);
    expect(raw).toContain(`Message-ID: <${first.row.message_id}>`);
    expect(raw).toMatch(/^Reply-To: reply\+c1[a-z2-7]{26}@example\.org\r?$/m);
  });

  it('leaves neither a row nor a job behind when the causing transaction rolls back (REL-3)', async () => {
    const jobs = await jobCount();
    await expect(
      store.db.transaction().execute(async (trx) => {
        await queueEmail(deps, trx, intent({ idempotencyKey: 'rolled-back' }));
        throw new Error('domain change failed');
      }),
    ).rejects.toThrow('domain change failed');
    expect(await store.db.selectFrom('outbox').select('id').where('idempotency_key', '=', 'rolled-back').execute()).toEqual([]);
    expect(await jobCount()).toBe(jobs);
  });

  it('leases a row to one sender; after a crash the lease expires and the retry keeps the Message-ID (REL-4)', async () => {
    const { row } = await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent()));
    const claimed = await claimOutbox(store.db, row.id, 600, clock.now());
    expect(claimed?.status).toBe('sending');
    expect(await claimOutbox(store.db, row.id, 600, clock.now())).toBeUndefined();
    await store.db.updateTable('outbox').set({ lease_until: new Date(Date.now() - 1000) }).where('id', '=', row.id).execute();
    const transport = recordingTransport();
    expect(await sendOutbox({ db: store.db, clock, log, transport }, row.id)).toBe('sent');
    expect(transport.sent[0]!.raw).toContain(`Message-ID: <${row.message_id}>`);
    expect(await sendOutbox({ db: store.db, clock, log, transport }, row.id)).toBe('not_claimed');
    expect(transport.sent).toHaveLength(1);
  });

  it('never attempts suppressed people, expires mail past its deadline, and tells transient from permanent failures', async () => {
    const transport = recordingTransport();
    await upsertPerson(store.db, { email: 'gone@example.com' }, clock.now());
    await store.db.updateTable('people').set({ suppressed_at: clock.now(), suppressed_reason: 'bounce' }).where('email', '=', 'gone@example.com').execute();
    const suppressed = await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent({ to: [{ name: '', address: 'gone@example.com' }] })));
    expect(await sendOutbox({ db: store.db, clock, log, transport }, suppressed.row.id)).toBe('suppressed');

    const late = await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent({ notAfter: new Date('2025-03-03T09:00:00Z') })));
    expect(await sendOutbox({ db: store.db, clock, log, transport }, late.row.id)).toBe('expired');
    expect(transport.sent).toHaveLength(0);

    let failure: Error | undefined = new DeliveryError('451 try later', false, 451);
    const flaky = recordingTransport(() => failure);
    const { row } = await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent()));
    await expect(sendOutbox({ db: store.db, clock, log, transport: flaky }, row.id)).rejects.toThrow('451');
    expect((await store.db.selectFrom('outbox').select(['status', 'last_error']).where('id', '=', row.id).executeTakeFirstOrThrow())).toMatchObject({ status: 'queued', last_error: '451 try later' });
    failure = undefined;
    expect(await sendOutbox({ db: store.db, clock, log, transport: flaky }, row.id)).toBe('sent');

    const refused = await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent()));
    const hard = recordingTransport(() => new DeliveryError('550 no such user', true, 550));
    expect(await sendOutbox({ db: store.db, clock, log, transport: hard }, refused.row.id)).toBe('failed');
    const states = await store.db.selectFrom('outbox').select(['id', 'status']).where('id', 'in', [suppressed.row.id, late.row.id, refused.row.id]).orderBy('id').execute();
    expect(states.map((s) => s.status)).toEqual(['suppressed', 'expired', 'failed']);
  });

  it('stops automated replies to one correspondent across threads, holds them, and alerts (LOOP-7, FIG-2)', async () => {
    // A hostile auto-responder without RFC 3834 headers answers every message, each time in a new thread;
    // each answer would cause another reply from us. Within one window only the burst is queued; the rest
    // are kept, visibly stopped, and the correspondent stays held until a quiet day has passed.
    const bot = { name: '', address: 'bot@loops.example' };
    const outcomes: string[] = [];
    for (let i = 0; i < breaker.burst.max + 3; i++) {
      const { row } = await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent({ to: [bot], autoSubmitted: 'auto-replied', idempotencyKey: `pingpong:${i}`, projectId: null })));
      outcomes.push(row.status);
      clock.set(new Date(clock.now().getTime() + 30_000));
    }
    expect(outcomes.filter((s) => s === 'queued')).toHaveLength(breaker.burst.max);
    expect(outcomes.slice(breaker.burst.max)).toEqual(['suppressed', 'suppressed', 'suppressed']);
    const stopped = await store.db.selectFrom('outbox').select('last_error').where('idempotency_key', '=', `pingpong:${breaker.burst.max}`).executeTakeFirstOrThrow();
    expect(stopped.last_error).toMatch(/^LOOP-7/);
    // Past the burst window it is still held; a day after the last stopped reply, one more may go.
    clock.set(new Date(clock.now().getTime() + breaker.burst.windowMs));
    const held = await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent({ to: [bot], autoSubmitted: 'auto-replied', idempotencyKey: 'pingpong:held' })));
    expect(held.row.status).toBe('suppressed');
    clock.set(new Date(clock.now().getTime() + breaker.holdMs + 1000));
    const later = await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent({ to: [bot], autoSubmitted: 'auto-replied', idempotencyKey: 'pingpong:later' })));
    expect(later.row.status).toBe('queued');
  });

  it('caps replies that are not confirmations at 3 a day per correspondent, across threads; confirmations still go (LOOP-7)', async () => {
    // A helpdesk that opens a new ticket (a new thread) for each mail gets a plan reply per ticket, an hour apart.
    const desk = { name: '', address: 'desk@loops.example' };
    const kinds: string[] = [];
    for (let i = 0; i < breaker.daily.max + 2; i++) {
      const { row } = await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent({ kind: 'plan_reply', to: [desk], autoSubmitted: 'auto-replied', idempotencyKey: `desk:${i}` })));
      kinds.push(row.status);
      clock.set(new Date(clock.now().getTime() + 60 * 60_000));
    }
    expect(kinds).toEqual([...Array(breaker.daily.max).fill('queued'), 'suppressed', 'suppressed']);
    const person = { name: '', address: 'busy.person@loops.example' };
    for (let i = 0; i < breaker.daily.max; i++) await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent({ kind: 'clarification', to: [person], autoSubmitted: 'auto-replied', idempotencyKey: `busy:${i}` })));
    clock.set(new Date(clock.now().getTime() + 15 * 60_000));
    const confirmation = await store.db.transaction().execute((trx) => queueEmail(deps, trx, intent({ kind: 'confirmation', to: [person], autoSubmitted: 'auto-replied', idempotencyKey: 'busy:confirmation' })));
    expect(confirmation.row.status).toBe('queued');
  });
});
