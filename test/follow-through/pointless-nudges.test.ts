// "Nudges that became pointless before they were sent are dropped, not sent." A nudge is composed when it
// is planned and waits in the outbox; if a task in it is finished meanwhile, the queued message is
// expired. With other tasks still open it is superseded: the person-day is re-planned into a fresh nudge
// listing only those, under a new idempotency key; with none left it is simply dropped. The outbox
// sender is not running here (a queue that only records), so the nudges stay queued as planned.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCommands } from '../../src/coordinate/apply-command.js';
import type { CoordinateDeps } from '../../src/coordinate/context.js';
import { planNudges } from '../../src/coordinate/nudges.js';
import { ManualClock } from '../../src/domain/clock.js';
import { receive } from '../../src/inbound/receive.js';
import { upsertPerson } from '../../src/store/people.js';
import { createProject } from '../../src/store/projects.js';
import type { Person, Task } from '../../src/store/schema.js';
import { insertTasks } from '../../src/store/tasks.js';
import { testDatabases, type TestDatabase } from '../support/databases.js';

describe.each(testDatabases)('pointless nudges on $name', (database: TestDatabase) => {
  let store: Awaited<ReturnType<TestDatabase['open']>>;
  let deps: CoordinateDeps;
  let lena: Person;
  let tasks: Task[];
  const clock = new ManualClock(new Date('2025-03-06T12:00:00Z'));
  beforeAll(async () => {
    store = await database.open();
    deps = {
      db: store.db,
      queue: { enqueue: async () => undefined } as unknown as CoordinateDeps['queue'],
      clock,
      log: pino({ level: 'silent' }),
      engine: {} as CoordinateDeps['engine'],
      identity: { address: 'coordinator@contoso.com', domain: 'contoso.com', name: 'Coordinator', instanceId: 'test-instance', publicUrl: 'http://localhost' },
      secret: 'test-secret-0123456789abcdef',
      limits: { maxBytes: 1_000_000, maxRecipients: 50, maxMimeDepth: 20 },
    };
    const now = clock.now();
    lena = await upsertPerson(store.db, { email: 'lena.fischer@contoso.com', name: 'Lena Fischer', timeZone: 'Europe/Berlin' }, now);
    const dana = await upsertPerson(store.db, { email: 'dana.whitfield@contoso.com', name: 'Dana Whitfield', timeZone: 'America/Chicago' }, now);
    const project = await createProject(store.db, { name: 'Scanner rollout', leadId: dana.id, requesterId: dana.id, sourceInboundId: null, subject: 'Scanner rollout' }, now);
    const task = (title: string) => ({ projectId: project.id, title, ownerId: lena.id, ownerName: null, dueDate: '2025-03-07', dueTz: 'Europe/Berlin', dueAt: new Date('2025-03-07T22:59:59Z'), sourceInboundId: null });
    tasks = await insertTasks(store.db, [task('Order the replacement scanners'), task('Book the installers')], now);
  });
  afterAll(async () => store?.close());

  const nudges = () => store.db.selectFrom('outbox').select(['id', 'status', 'idempotency_key', 'text', 'context', 'last_error']).where('kind', '=', 'nudge').orderBy('id').execute();
  const done = async (task: Task) => {
    const raw = Buffer.from(`From: lena.fischer@contoso.com\r\nMessage-ID: <done-${task.id}@contoso.com>\r\nSubject: Re: reminder\r\n\r\ndone\r\n`);
    const { id } = await receive({ db: store.db, queue: deps.queue, clock }, { channel: 'cli', raw });
    return applyCommands(store.db, { commands: [{ action: 'done', taskIds: [task.id], reason: null, due: null, owner: null }], actor: lena, inboundId: id, via: 'reply', fallbackZone: 'UTC' }, clock.now());
  };

  it('a queued nudge listing a task finished meanwhile is superseded; the open one is re-planned into a fresh nudge', async () => {
    clock.set(new Date('2025-03-07T08:05:00Z')); // 09:05 in Berlin, due today
    expect(await planNudges(deps, clock.now())).toMatchObject({ queued: 1 });
    const [first] = await nudges();
    expect(first).toMatchObject({ status: 'queued', idempotency_key: `nudge:${lena.id}:2025-03-07` });
    expect(first!.text).toMatch(/Order the replacement scanners[\s\S]*Book the installers/);

    await done(tasks[0]!);
    const [expired] = await nudges();
    expect(expired).toMatchObject({ id: first!.id, status: 'expired', last_error: expect.stringMatching(/^superseded/) });

    clock.set(new Date('2025-03-07T08:10:00Z'));
    const runs = await Promise.all([planNudges(deps, clock.now()), planNudges(deps, clock.now())]);
    expect(runs.map((r) => r.queued).sort()).toEqual([0, 1]);
    const all = await nudges();
    expect(all).toHaveLength(2);
    const fresh = all[1]!;
    expect(fresh).toMatchObject({ status: 'queued', idempotency_key: `nudge:${lena.id}:2025-03-07:r1` });
    expect(fresh.text).toMatch(/Book the installers/);
    expect(fresh.text).not.toMatch(/Order the replacement scanners/);
    expect(fresh.context).toMatchObject({ items: [{ n: 1, taskId: tasks[1]!.id }] });
    expect(await planNudges(deps, clock.now())).toMatchObject({ queued: 0 }); // one nudge per person-day again
  });

  it('a queued nudge whose every task is finished is dropped, and nothing is re-planned', async () => {
    await done(tasks[1]!);
    const all = await nudges();
    expect(all.map((n) => n.status)).toEqual(['expired', 'expired']);
    expect(all[1]!.last_error).toMatch(/^dropped/);
    clock.set(new Date('2025-03-07T09:00:00Z'));
    expect(await planNudges(deps, clock.now())).toMatchObject({ queued: 0 });
    expect(await nudges()).toHaveLength(2);
  });
});
