// The spoofing harness: every path that changes state by mail (reply commands, numbered replies to a
// digest, status reports in a CC'd thread, meeting commands) against forged From headers, borrowed,
// expired and withdrawn tokens, multi-address and group From, display-name and look-alike tricks, replays
// with new Message-IDs, forged Authentication-Results, DKIM signed by another domain, altered after
// signing or with an `l=` body length and a command appended (mailauth against a fixture DNS), and
// quoted-only commands. Each attack has a twin
// that differs in the one property that makes it legitimate, and the twin must change the world.
// The control runs one attack of every family with a weakened rule that trusts the From header (as the thread path
// once did): it must see changes, or the harness is blind. Messages are stored through receive() and run
// through the processing job's own function; a handful go over the real SMTP listener at the end.
// Runs on PGlite and, when TEST_DATABASE_URL is set, Postgres; prints its figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Authorizer } from '../../src/coordinate/authorize.js';
import { findPersonByEmail } from '../../src/store/people.js';
import { testDatabases } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { BOUNDARY, buildWorld, deliver, people, raw, restore, snapshot, type World } from './spoof-kit.js';
import { spoofCases, type Case, type Msg, type Path } from './spoof-variants.js';

/** The hole this harness exists to find: whoever the From header names is the speaker. */
const trustsFrom: Authorizer = async (db, r) => {
  const person = r.email.from ? await findPersonByEmail(db, r.email.from.address) : undefined;
  return person ? { outcome: 'allowed', actor: person, authenticated: true } : { outcome: 'refused', why: 'unknown_sender', actor: undefined, askLead: false };
};

describe.each(testDatabases)('spoofed commands on $name', (database) => {
  let svc: TestService;
  let world: World;
  let base: string;
  beforeAll(async () => {
    svc = await startTestService(database, { AUTH_TRUSTED_AUTHSERV_ID: BOUNDARY }, '2025-03-03T10:00:00Z');
    world = await buildWorld(svc);
    base = await snapshot(svc, world);
  }, 120_000);
  afterAll(async () => svc?.close());

  /** Delivers one message and tells whether anything a command could change did change. */
  const changes = async (m: Msg, rule?: Authorizer) => {
    const note = await deliver(svc, m.mail, { ...m, rule });
    return { changed: (await snapshot(svc, world)) !== base, note };
  };

  it('≥ 200 spoofed variants across reply, digest, thread and meeting change nothing; every legitimate twin applies', async () => {
    const cases = spoofCases(world);
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const tally = new Map<Path, { variants: number; unauthorised: number; twinsApplied: number }>();
    const problems: string[] = [];
    const started = Date.now();
    for (const c of cases) {
      let attack: { changed: boolean; note: string };
      let twin: { changed: boolean; note: string };
      if (c.twinFirst) {
        twin = await changes(c.twin);
        await restore(svc, world, base, { keepReplays: true }); // as after `undo`: the command is remembered
        attack = await changes(c.attack);
      } else {
        attack = await changes(c.attack);
        await restore(svc, world, base);
        twin = await changes(c.twin);
      }
      await restore(svc, world, base);
      const t = tally.get(c.path) ?? { variants: 0, unauthorised: 0, twinsApplied: 0 };
      tally.set(c.path, t);
      t.variants++;
      if (attack.changed) {
        t.unauthorised++;
        problems.push(`${c.path}/${c.family} "${c.command}": the attack changed state (${attack.note})`);
      }
      if (twin.changed) t.twinsApplied++;
      else problems.push(`${c.path}/${c.family} "${c.command}": the legitimate twin changed nothing (${twin.note})`);
    }
    const rows = [...tally].map(([path, t]) => `  ${path.padEnd(8)} ${String(t.variants).padStart(4)} variants  ${String(t.unauthorised).padStart(3)} unauthorised changes  ${t.twinsApplied}/${t.variants} twins applied`);
    const total = [...tally.values()].reduce((a, t) => ({ v: a.v + t.variants, u: a.u + t.unauthorised, w: a.w + t.twinsApplied }), { v: 0, u: 0, w: 0 });
    console.log([`FIG spoofed commands (${database.name}): ${total.v} variants, ${total.u} unauthorised changes, ${total.w}/${total.v} twins applied (${((100 * total.w) / total.v).toFixed(1)} %), ${((Date.now() - started) / 1000).toFixed(1)} s`, ...rows].join('\n'));
    expect(problems).toEqual([]);
    for (const path of ['reply', 'digest', 'thread', 'meeting'] as const) expect(tally.get(path)?.variants ?? 0).toBeGreaterThanOrEqual(20);
  }, 600_000);

  it('control: with a rule that trusts the From header, the same variants do change tasks and meetings', async () => {
    // One variant of every family on every path (the first command's): the control shows the harness can
    // see a change in each kind of attack, which its other commands would only repeat.
    const seen = new Set<string>();
    const cases: Case[] = spoofCases(world).filter((c) => !seen.has(`${c.path}/${c.family}`) && seen.add(`${c.path}/${c.family}`));
    const byFamily = new Map<string, number>();
    let changed = 0;
    for (const c of cases) {
      if (c.twinFirst) {
        await changes(c.twin);
        await restore(svc, world, base, { keepReplays: true });
      }
      const r = await changes(c.attack, trustsFrom);
      await restore(svc, world, base);
      if (r.changed) {
        changed++;
        byFamily.set(`${c.path}/${c.family}`, (byFamily.get(`${c.path}/${c.family}`) ?? 0) + 1);
      }
    }
    console.log(`FIG spoofed commands, control (${database.name}): with the From trusted, ${changed} of ${cases.length} variants (one per family) changed state, in ${byFamily.size} of ${seen.size} families (e.g. ${[...byFamily.keys()].slice(0, 6).join(', ')})`);
    expect(changed).toBeGreaterThan(cases.length / 2);
    for (const family of ['reply/someone-elses-token', 'reply/forged-from-no-token', 'reply/listener-l-signature-command-appended', 'thread/forged-from-unauthenticated', 'digest/replay-new-message-id', 'meeting/forged-from-no-token']) expect(byFamily.get(family) ?? 0).toBeGreaterThan(0);
  }, 600_000);

  it('end to end over SMTP: the forged thread report, a borrowed token and a two-address From change nothing; the owner\'s own reply does', async () => {
    const send = async (m: { raw: Buffer }, from: string, to: string) => {
      expect(await svc.sendRaw(m.raw, { from, to: [to] })).toMatch(/^250 /);
      await svc.settle();
    };
    const tom = world.tokens.reply.fresh;
    // The attack: envelope from the attacker, From the owner, copied thread, no token.
    await send(raw({ from: `${people.tom.name} <${people.tom.address}>`, to: `${people.lena.name} <${people.lena.address}>`, cc: 'coordinator@contoso.com', subject: 'Re: Launch site', inReplyTo: world.threadMessageId, body: 'Quick update.\n\nFinished the screenshots.' }), 'attacker@evil.test', 'coordinator@contoso.com');
    // Another member answering through Tom's token, and a From naming Tom and Eve.
    await send(raw({ from: `${people.priya.name} <${people.priya.address}>`, to: tom.address, subject: `Re: ${tom.subject}`, inReplyTo: tom.messageId, body: 'blocked 1 waiting on X' }), people.priya.address, tom.address);
    await send(raw({ from: `${people.tom.name} <${people.tom.address}>, Eve <eve@evil.test>`, to: tom.address, subject: `Re: ${tom.subject}`, inReplyTo: tom.messageId, body: 'give 1 to eve@evil.test' }), 'eve@evil.test', tom.address);
    expect(await snapshot(svc, world)).toBe(base);
    const report = await svc.deps.db.selectFrom('task_events').select(['kind', 'data']).where('task_id', '=', world.taskIds[0]).where('kind', '=', 'reported').executeTakeFirst();
    expect(report?.data).toMatchObject({ action: 'done', verified: false, summary: 'reported done by Tom Baker (unverified)' });
    // The twin: Tom himself, through his token.
    await send(raw({ from: `${people.tom.name} <${people.tom.address}>`, to: tom.address, subject: `Re: ${tom.subject}`, inReplyTo: tom.messageId, body: 'done' }), people.tom.address, tom.address);
    const [task] = await svc.deps.db.selectFrom('tasks').select('status').where('id', '=', world.taskIds[0]).execute();
    expect(task!.status).toBe('done');
    await restore(svc, world, base);
  }, 120_000);
});
