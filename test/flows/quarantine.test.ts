// MIME-2 end to end: a message whose parsing never finishes is still accepted (its bytes are kept), is
// quarantined with a clear error instead of being retried forever, and the service stays responsive.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';

const misbehaving = pathToFileURL(path.resolve('test/fixtures/parse-workers/misbehaving.ts')).href;

describe.each(testDatabases)('parser quarantine on $name', (database) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(database, {}, '2025-03-03T15:00:00Z', { parser: { script: misbehaving, timeoutMs: 1000 } });
  });
  afterAll(async () => svc?.close());

  it('keeps and quarantines a message that hangs the parser; health stays green', async () => {
    expect(await svc.sendRaw('HANG')).toMatch(/^250 /);
    const health = svc.api<{ ok: boolean }>('/health'); // answered while the worker loops
    await svc.settle();
    expect((await health).body.ok).toBe(true);
    type Inbound = { id: number; status: string; classification: string; error: string; attempts: number };
    const [row] = (await svc.api<{ messages: Inbound[] }>('/api/inbound')).body.messages;
    expect(row).toMatchObject({ status: 'failed', classification: 'unparseable' });
    expect(row!.error).toMatch(/^PARSE_TIMEOUT: parsing took longer than 1000 ms/);
    expect(row!.attempts).toBe(1); // poison is not retried
    const stored = await svc.api<{ message: { raw: string } }>(`/api/inbound/${row!.id}`);
    expect(stored.body.message.raw.trim()).toBe('HANG');
  });
});
