// One signing key per database: two instances on one database (each with its own data folder) accept each
// other's reply tokens; an instance signing with another key does not, which shows the check can fail.
// Also the key's life cycle: taken in from an old data folder, rotated with a grace period.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReplyToken, verifyReplyToken } from '../../src/domain/reply-token.js';
import { importDataDirSecret, loadSigningSecrets, rotateSigningSecret } from '../../src/store/secrets.js';
import { type TestDatabase, testDatabases } from '../support/databases.js';
import { fixture } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/service.js';
import { outbox, withToken } from '../follow-through/mail.js';

const dana = 'dana.whitfield@contoso.com';
const day = 86_400_000;

/** The same open database for several services; only the test closes it. */
function shared(store: Awaited<ReturnType<TestDatabase['open']>>, name: TestDatabase['name']): TestDatabase {
  return { name, open: async () => ({ ...store, close: async () => {} }) };
}

/** A reply that carries nothing but the token address: no In-Reply-To or References to thread by. */
function tokenOnlyReply(to: string, subject: string, body: string, id: string): string {
  return [`From: Dana Whitfield <${dana}>`, `To: <${to}>`, `Subject: Re: ${subject}`, 'Date: Mon, 03 Mar 2025 16:00:00 +0000', `Message-ID: <${id}@mail.example.org>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');
}

describe.each(testDatabases)('signing key on $name', (database) => {
  let store: Awaited<ReturnType<TestDatabase['open']>>;
  const services: TestService[] = [];
  beforeAll(async () => {
    store = await database.open();
  });
  afterAll(async () => {
    for (const s of services) await s.close();
    await store?.close();
  });

  it('is shared by two instances on one database: a token minted by one is answered through the other', async () => {
    // No COORDINATOR_SECRET: each instance takes the key from the database; each has its own data folder.
    const a = await startTestService(shared(store, database.name), { COORDINATOR_SECRET: '' });
    services.push(a);
    const b = await startTestService(shared(store, database.name), { COORDINATOR_SECRET: '' });
    services.push(b);
    expect(a.deps.secret).toBe(b.deps.secret);
    expect(a.deps.secret).toBe((await loadSigningSecrets(store.db, new Date())).current);

    expect(await a.sendRaw(fixture('brief-gmail-forward.eml'), { from: dana, to: ['coordinator@contoso.com'] })).toMatch(/^250 /);
    await a.settle();
    const plan = await withToken(a, (await outbox(a)).find((m) => m.kind === 'plan_reply')!);
    expect(plan.replyTo).toMatch(/^reply\+.+@contoso\.com$/);

    // Through instance B, and only the token can tell which project this is.
    expect(await b.sendRaw(tokenOnlyReply(plan.replyTo, plan.subject, 'done 1', 'two-instances-1'), { from: dana, to: [plan.replyTo] })).toMatch(/^250 /);
    await b.settle();
    const projectId = (await b.api<{ projects: { id: number }[] }>('/api/projects')).body.projects[0]!.id;
    const tasks = (await b.api<{ project: { tasks: { number: number; status: string }[] } }>(`/api/projects/${projectId}`)).body.project.tasks;
    expect(tasks.find((t) => t.number === 1)!.status).toBe('done');
    const inbound = await store.db.selectFrom('inbound_messages').select(['project_id']).where('message_id', '=', 'two-instances-1@mail.example.org').executeTakeFirstOrThrow();
    expect(inbound.project_id).toBe(projectId);

    // An instance with another key (its own COORDINATOR_SECRET) refuses the same kind of token.
    const c = await startTestService(shared(store, database.name), { COORDINATOR_SECRET: 'some-other-secret-0123456789' });
    services.push(c);
    await c.sendRaw(tokenOnlyReply(plan.replyTo, plan.subject, 'done 2', 'other-key-1'), { from: dana, to: [plan.replyTo] });
    await c.settle();
    const after = (await c.api<{ project: { tasks: { number: number; status: string }[] } }>(`/api/projects/${projectId}`)).body.project.tasks;
    expect(after.find((t) => t.number === 2)!.status).not.toBe('done');
  });

  it('takes in an old data folder key, and keeps a rotated key verifying until its grace period ends', async () => {
    const own = await database.open();
    try {
      const now = new Date('2025-03-03T12:00:00Z');
      const generated = (await loadSigningSecrets(own.db, now)).current;
      // The first old key replaces the generated one (nothing was signed with it yet) ...
      await importDataDirSecret(own.db, 'old-folder-key-aaaaaaaaaaaaaaaa', now, 30);
      expect(await loadSigningSecrets(own.db, now)).toEqual({ current: 'old-folder-key-aaaaaaaaaaaaaaaa', older: [] });
      // ... a second, different one verifies for the grace period only, and taking it in twice changes nothing.
      await importDataDirSecret(own.db, 'old-folder-key-bbbbbbbbbbbbbbbb', now, 30);
      await importDataDirSecret(own.db, 'old-folder-key-bbbbbbbbbbbbbbbb', now, 30);
      expect(await loadSigningSecrets(own.db, now)).toEqual({ current: 'old-folder-key-aaaaaaaaaaaaaaaa', older: ['old-folder-key-bbbbbbbbbbbbbbbb'] });
      expect((await loadSigningSecrets(own.db, new Date(now.getTime() + 31 * day))).older).toEqual([]);
      expect(generated).not.toBe('old-folder-key-aaaaaaaaaaaaaaaa');

      const token = newReplyToken('old-folder-key-aaaaaaaaaaaaaaaa', dana);
      const until = await rotateSigningSecret(own.db, now, 7);
      expect(until.toISOString()).toBe('2025-03-10T12:00:00.000Z');
      const during = await loadSigningSecrets(own.db, new Date(now.getTime() + 6 * day));
      expect(during.current).not.toBe('old-folder-key-aaaaaaaaaaaaaaaa');
      expect([during.current, ...during.older].some((s) => verifyReplyToken(s, token, dana))).toBe(true);
      const later = await loadSigningSecrets(own.db, new Date(now.getTime() + 8 * day));
      expect([later.current, ...later.older].some((s) => verifyReplyToken(s, token, dana))).toBe(false);
    } finally {
      await own.close();
    }
  });
});

describe('a data folder key file on start', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('becomes the database key, so tokens already sent by that instance keep working', async () => {
    const database = testDatabases[0]!;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coordinator-secret-'));
    dirs.push(dataDir);
    fs.writeFileSync(path.join(dataDir, 'secret'), 'key-from-an-old-data-folder-0123\n');
    const svc = await startTestService(database, { COORDINATOR_SECRET: '', DATA_DIR: dataDir });
    try {
      expect(svc.deps.secret).toBe('key-from-an-old-data-folder-0123');
    } finally {
      await svc.close();
    }
  });
});
