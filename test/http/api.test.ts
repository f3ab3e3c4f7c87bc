// The HTTP edge: JSON API, filters and errors, the admin token, and the manual clock that runs all work
// due by the new time before it answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueEmail } from '../../src/coordinate/queue-email.js';
import { planners } from '../../src/coordinate/scheduled.js';
import { testDatabases } from '../support/databases.js';
import { fixture } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/service.js';

const [pglite] = testDatabases;

describe.each(testDatabases)('API on $name', (database) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(database, {}, '2025-03-03T15:31:00Z');
    await svc.sendRaw(fixture('brief-gmail-forward.eml'));
    await svc.settle();
  });
  afterAll(async () => svc?.close());

  it('filters tasks by owner and status, and validates the query', async () => {
    const all = await svc.api<{ tasks: { owner_email: string; status: string }[] }>('/api/tasks');
    expect(all.body.tasks).toHaveLength(3);
    const lena = await svc.api<{ tasks: { owner_email: string }[] }>('/api/tasks?owner=Lena.Fischer@contoso.com&status=open');
    expect(lena.body.tasks.map((t) => t.owner_email)).toEqual(['lena.fischer@contoso.com']);
    expect((await svc.api<{ tasks: unknown[] }>('/api/tasks?status=done')).body.tasks).toEqual([]);
    const bad = await svc.api<{ error: { code: string } }>('/api/tasks?status=finished');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_INPUT');
  });

  it('answers 404 with a stable code for unknown ids, and reports health', async () => {
    const missing = await svc.api<{ error: { code: string } }>('/api/projects/999');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const health = await svc.api<{ ok: boolean; db: string; smtp: { listening: boolean } }>('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true, db: 'ok', smtp: { listening: true } });
  });

  it('moves the manual clock and runs everything due by then before answering', async () => {
    const seen: string[] = [];
    planners.probe = async (deps, now) => {
      seen.push(now.toISOString());
      await deps.db.transaction().execute((trx) =>
        queueEmail(deps, trx, { kind: 'probe', idempotencyKey: `probe:${now.toISOString()}`, to: [{ name: '', address: 'lena.fischer@contoso.com' }], subject: 'probe', text: 'probe', autoSubmitted: 'auto-generated' }),
      );
      return { queued: 1 };
    };
    try {
      const res = await svc.api<{ now: string; jobsRun: number }>('/api/admin/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: '2025-03-05T08:00:00-05:00' }) });
      expect(res.status).toBe(200);
      expect(res.body.now).toBe('2025-03-05T13:00:00.000Z');
      expect(seen).toEqual(['2025-03-05T13:00:00.000Z']);
      expect(typeof res.body.jobsRun).toBe('number'); // a polling worker may have run it; what matters is below
      const probe = (await svc.api<{ messages: { kind: string; status: string }[] }>('/api/outbox')).body.messages.find((m) => m.kind === 'probe');
      expect(probe?.status).toBe('sent'); // sent before the clock call answered
      const bad = await svc.api('/api/admin/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"now":"tuesday"}' });
      expect(bad.status).toBe(400);
    } finally {
      delete planners.probe;
    }
  });
});

describe('API access', () => {
  it('answers 409 to a clock move on the real clock', async () => {
    const svc = await startTestService(pglite!, { COORDINATOR_CLOCK: 'real' });
    try {
      const res = await svc.api<{ error: { code: string } }>('/api/admin/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: '2025-03-05T08:00:00Z' }) });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CLOCK_NOT_MANUAL');
    } finally {
      await svc.close();
    }
  });

  it('requires the bearer token when ADMIN_TOKEN is set, except for /health', async () => {
    const svc = await startTestService(pglite!, { ADMIN_TOKEN: 'correct-horse-battery' });
    try {
      expect((await svc.api('/api/projects')).status).toBe(401);
      expect((await svc.api('/outbox')).status).toBe(401);
      expect((await svc.api('/api/projects', { headers: { authorization: 'Bearer wrong-horse-battery' } })).status).toBe(401);
      expect((await svc.api('/api/projects', { headers: { authorization: 'Bearer correct-horse-battery' } })).status).toBe(200);
      expect((await svc.api('/health')).status).toBe(200);
    } finally {
      await svc.close();
    }
  });

  it('refuses to listen beyond loopback without an admin token', async () => {
    const { loadConfig } = await import('../../src/config.js');
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/ADMIN_TOKEN/);
    expect(loadConfig({ HOST: '0.0.0.0', ADMIN_TOKEN: 'long-enough-token' }).host).toBe('0.0.0.0');
  });
});
