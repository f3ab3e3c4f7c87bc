// A message that fails processing is kept, marked with its error, visible, and can be re-run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRulesEngine } from '../../src/understand/index.js';
import type { UnderstandingEngine } from '../../src/understand/types.js';
import { testDatabases } from '../support/databases.js';
import { fixture } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/service.js';

describe.each(testDatabases)('failed processing on $name', (database) => {
  let svc: TestService;
  let broken = true;
  const rules = createRulesEngine();
  const engine: UnderstandingEngine = {
    name: 'flaky',
    understand: (email, ctx) => (broken ? Promise.reject(new Error('engine exploded')) : rules.understand(email, ctx)),
  };
  beforeAll(async () => {
    svc = await startTestService(database, {}, '2025-03-03T15:31:00Z', { engine });
  });
  afterAll(async () => svc?.close());

  it('keeps the message with its error, then reprocesses it into a project and one reply', async () => {
    expect(await svc.sendRaw(fixture('brief-gmail-forward.eml'))).toMatch(/^250 /);
    await svc.settle();
    type Inbound = { id: number; status: string; error: string | null; attempts: number };
    const [failed] = (await svc.api<{ messages: Inbound[] }>('/api/inbound?status=failed')).body.messages;
    expect(failed).toMatchObject({ status: 'failed', error: 'engine exploded' });
    expect((await svc.api<{ projects: unknown[] }>('/api/projects')).body.projects).toEqual([]);
    const stored = await svc.api<{ message: { raw: string } }>(`/api/inbound/${failed!.id}`);
    expect(stored.body.message.raw).toContain('Warehouse scanner rollout');

    broken = false;
    const res = await svc.api(`/api/inbound/${failed!.id}/reprocess`, { method: 'POST' });
    expect(res.status).toBe(202);
    await svc.settle();
    const after = (await svc.api<{ message: Inbound }>(`/api/inbound/${failed!.id}`)).body.message;
    expect(after).toMatchObject({ status: 'processed', error: null });
    expect(after.attempts).toBeGreaterThanOrEqual(2);
    expect((await svc.api<{ projects: unknown[] }>('/api/projects')).body.projects).toHaveLength(1);
    const replies = (await svc.api<{ messages: { kind: string }[] }>('/api/outbox')).body.messages.filter((m) => m.kind === 'plan_reply');
    expect(replies).toHaveLength(1);

    // A processed message is not re-run: that would make a second project.
    const again = await svc.api<{ error: { code: string } }>(`/api/inbound/${failed!.id}/reprocess`, { method: 'POST' });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_PROCESSED' } } });
    await svc.settle();
    expect((await svc.api<{ projects: unknown[] }>('/api/projects')).body.projects).toHaveLength(1);
  });
});
