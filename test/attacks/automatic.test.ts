// FIG-1, automatic mail: bounces and ARF reports from the public corpus plus out-of-office replies,
// machine senders, read receipts, list mail, RSVPs without method= and our own mail coming back (written
// from templates) → no answer, no project, no change. People writing normally, some in words close to
// automatic mail, are all processed. The control turns off automatic-mail recognition (the parser's
// verdict is dropped): the same messages must then cause answers or projects, or the harness is blind.
// Messages are stored through receive() and run through the processing job's own function.
// Runs on PGlite and, when TEST_DATABASE_URL is set, Postgres; prints its figures.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/parse/index.js';
import { testDatabases } from '../support/databases.js';
import { corpusDir } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/service.js';
import { automaticMail, humanControls, type Sample } from './automatic-mail.js';
import { ASSISTANT, buildLoopWorld, deliver, footprint, type LoopWorld } from './loops-kit.js';

function corpusSamples(): Sample[] {
  const out: Sample[] = [];
  for (const [dir, group] of [
    ['sisimai-set-of-emails/bsd', 'corpus bounces, ARF, vacation'],
    ['cfortune-PHP-Bounce-Handler', 'corpus bounces and feedback loops'],
  ] as const)
    for (const f of fs.readdirSync(path.join(corpusDir, dir)).filter((f) => /\.(eml|txt)$/.test(f)).sort())
      out.push({ group, name: `${dir}/${f}`, raw: fs.readFileSync(path.join(corpusDir, dir, f)), rcpt: ASSISTANT });
  return out;
}

describe.each(testDatabases)('automatic mail on $name', (database) => {
  let svc: TestService;
  let world: LoopWorld;
  beforeAll(async () => {
    svc = await startTestService(database, {}, '2025-03-03T14:00:00Z');
    world = await buildLoopWorld(svc);
  }, 120_000);
  afterAll(async () => svc?.close());

  it('≥ 600 automatic messages: 0 answers, 0 projects, 0 changes; every human control processed; blind without recognition', async () => {
    const samples = [...corpusSamples(), ...automaticMail(world, svc.deps.identity.instanceId)];
    expect(samples.length).toBeGreaterThanOrEqual(600);
    const before = await footprint(svc, world);
    const tally = new Map<string, { n: number; answered: number }>();
    const leaks: string[] = [];
    const started = Date.now();
    // Nothing runs between two messages, so one message's footprint after is the next one's before.
    let now = before;
    for (const s of samples) {
      const was = now;
      const r = await deliver(svc, s);
      now = await footprint(svc, world);
      const t = tally.get(s.group) ?? { n: 0, answered: 0 };
      t.n++;
      if (r.status !== 'ignored' || now.outbox !== was.outbox || now.projects !== was.projects || now.events !== was.events || now.tasks !== was.tasks) {
        t.answered++;
        leaks.push(`${s.group} / ${s.name}: ${r.status} ${r.classification} (outbox +${now.outbox - was.outbox}, projects +${now.projects - was.projects}, events +${now.events - was.events})`);
      }
      tally.set(s.group, t);
    }
    const after = now;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    // Human controls: every one processed, and each does what it should.
    const controls = humanControls(world);
    const missed: string[] = [];
    for (const c of controls) {
      const was = now;
      const r = await deliver(svc, c);
      now = await footprint(svc, world);
      const ok = r.status === 'processed' && (c.expect !== 'changed' || now.tasks !== was.tasks) && (c.expect !== 'project' || (now.projects === was.projects + 1 && now.outbox > was.outbox));
      if (!ok) missed.push(`${c.name}: ${r.status} ${r.classification} ${r.note ?? ''}`);
    }

    // Control: the parser's automatic-mail verdict dropped → the same generated mail is answered.
    const blind = { parse: async (raw: Buffer, lim: object) => ({ ...(await parseEmail(raw, lim)), automated: null }) };
    const sample = automaticMail(world, 'not-our-marker').filter((s) => s.group !== 'own mail back').filter((_, i) => i % 6 === 0);
    const c0 = now;
    let answeredBlind = 0;
    for (const s of sample) {
      const was = now;
      await deliver(svc, s, blind);
      now = await footprint(svc, world);
      if (now.outbox !== was.outbox || now.projects !== was.projects || now.tasks !== was.tasks) answeredBlind++;
    }
    const c1 = now;

    console.log(
      `FIG-1 automatic mail (${database.name}): ${samples.length} messages in ${seconds} s → ${after.outbox - before.outbox} answers, ${after.projects - before.projects} projects, ${after.events - before.events} task changes\n` +
        [...tally].map(([g, t]) => `  ${g}: ${t.n} messages, ${t.answered} answered or acted on`).join('\n') +
        `\n  human controls: ${controls.length - missed.length}/${controls.length} processed as they should` +
        `\n  control without recognition: ${answeredBlind}/${sample.length} answered or acted on (+${c1.outbox - c0.outbox} outbox, +${c1.projects - c0.projects} projects)`,
    );
    expect(leaks).toEqual([]);
    expect(after.outbox - before.outbox).toBe(0);
    expect(after.projects).toBe(before.projects);
    expect(missed).toEqual([]);
    expect(answeredBlind).toBeGreaterThan(0);
  }, 600_000);
});
