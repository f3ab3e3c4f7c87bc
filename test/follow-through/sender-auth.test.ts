// AUTH-2/AUTH-3/AUTH-4 with COMMAND_AUTH=dmarc: a reply command needs a DMARC pass aligned with From.
// Through the real SMTP listener mailauth checks SPF/DKIM/DMARC against a fixture DNS (no network) with
// a test DKIM key made here; mail from a provider boundary (the IMAP channel) is judged by the topmost
// Authentication-Results of the trusted authserv-id only. Unauthenticated commands change nothing and
// the token's owner is asked to confirm. Below: a From speaks only when it names one mailbox, and a
// reply token only for the address it was sent to (or one its person confirmed), while it is young and
// not revoked. Runs on PGlite and, when TEST_DATABASE_URL is set, Postgres.
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { senderAuthenticator, trustedResult } from '../../src/coordinate/authenticate-sender.js';
import { singleFromAddress } from '../../src/coordinate/authorize.js';
import { confirmAddress } from '../../src/store/command-auth.js';
import { buildWorld, deliver, people, restore, snapshot, type Token, type World } from '../attacks/spoof-kit.js';
import { receive } from '../../src/inbound/receive.js';
import { testDatabases } from '../support/databases.js';
import { fixture } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/service.js';
import { outbox, replyTo, withToken, type Ours } from './mail.js';

const lena = { name: 'Lena Fischer', address: 'lena.fischer@contoso.com' };
const omar = { name: 'Omar Haddad', address: 'omar.haddad@contoso.com' };
const dana = { name: 'Dana Whitfield', address: 'dana.whitfield@contoso.com' };
const BOUNDARY = 'mx.provider.example';

// A test DKIM key for contoso.com, published in the fixture DNS below (as mailauth's own tests do).
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicB64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

const zone: Record<string, string[][]> = {
  'contoso.com|TXT': [['v=spf1 ip4:198.51.100.0/24 -all']], // only the company's mail servers; not 127.0.0.1
  '_dmarc.contoso.com|TXT': [['v=DMARC1; p=reject']],
  's1._domainkey.contoso.com|TXT': [[`v=DKIM1; k=rsa; p=${publicB64}`]],
};
const lookups: string[] = [];
async function fixtureResolver(name: string, rrtype: string): Promise<string[][]> {
  const key = `${name.toLowerCase()}|${rrtype}`;
  lookups.push(key);
  const hit = zone[key];
  if (hit) return hit;
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
}

const signed = async (raw: string) => {
  // mailauth's signer reads the keys from signatureData (its typings show only the flat form)
  const options = { canonicalization: 'relaxed/relaxed', signatureData: [{ signingDomain: 'contoso.com', selector: 's1', privateKey: privatePem }] };
  const { signatures, errors } = await dkimSign(raw, options as unknown as Parameters<typeof dkimSign>[1]);
  expect(errors).toEqual([]);
  expect(signatures).toMatch(/^DKIM-Signature: .*d=contoso\.com/s);
  return signatures + raw;
};

describe('Authentication-Results from a trusted boundary (AUTH-4)', () => {
  const msg = (headers: string[]) => Buffer.from([...headers, `From: ${lena.name} <${lena.address}>`, 'Subject: Re: x', '', 'done', ''].join('\r\n'));
  it('reads only the topmost header with the trusted authserv-id', () => {
    const real = `Authentication-Results: ${BOUNDARY}; spf=fail smtp.mailfrom=contoso.com; dmarc=fail (p=REJECT sp=REJECT dis=REJECT) header.from=contoso.com`;
    const forgedBelow = `Authentication-Results: ${BOUNDARY}; dmarc=pass header.from=contoso.com`;
    const otherAbove = 'Authentication-Results: relay.evil.example; dmarc=pass header.from=contoso.com';
    expect(trustedResult(msg([otherAbove, real, forgedBelow]), [BOUNDARY])).toEqual({ authservId: BOUNDARY, dmarc: 'fail', headerFrom: 'contoso.com' });
    expect(trustedResult(msg([forgedBelow.replace(BOUNDARY, 'MX.Provider.Example (comment; dmarc=fail)')]), [BOUNDARY])).toEqual({ authservId: BOUNDARY, dmarc: 'pass', headerFrom: 'contoso.com' });
    expect(trustedResult(msg([otherAbove]), [BOUNDARY])).toBeNull();
  });

  it('a pass for another domain than From is not aligned; token policy checks nothing', async () => {
    const auth = senderAuthenticator({ policy: 'dmarc', trustedAuthservIds: [BOUNDARY], resolver: fixtureResolver, mta: 'contoso.com' });
    const m = { channel: 'imap', ip: null, helo: null, mailFrom: null, fromAddress: lena.address };
    const other = await auth.verify({ ...m, raw: msg([`Authentication-Results: ${BOUNDARY}; dmarc=pass header.from=evil.example`]) });
    expect(other).toMatchObject({ authenticated: false, method: 'authentication-results', result: 'pass' });
    const good = await auth.verify({ ...m, raw: msg([`Authentication-Results: ${BOUNDARY}; dkim=pass header.d=contoso.com; dmarc=pass header.from=contoso.com`]) });
    expect(good).toMatchObject({ authenticated: true, method: 'authentication-results' });
    const none = await auth.verify({ ...m, channel: 'http', raw: msg([`Authentication-Results: ${BOUNDARY}; dmarc=pass header.from=contoso.com`]) });
    expect(none).toMatchObject({ authenticated: false, method: 'none' });
    const token = senderAuthenticator({ policy: 'token', trustedAuthservIds: [], resolver: fixtureResolver, mta: 'contoso.com' });
    expect(await token.verify({ ...m, raw: msg([]) })).toMatchObject({ policy: 'token', authenticated: false, result: 'unchecked' });
  });
});

describe.each(testDatabases)('COMMAND_AUTH=dmarc on $name', (database) => {
  let svc: TestService;
  let projectId: number;
  let lenaNudge: Ours;
  beforeAll(async () => {
    svc = await startTestService(database, { COMMAND_AUTH: 'dmarc', AUTH_TRUSTED_AUTHSERV_ID: BOUNDARY }, '2025-03-03T15:31:00Z', { dnsResolver: fixtureResolver });
    await svc.sendRaw(fixture('brief-gmail-forward.eml'), { from: dana.address, to: ['coordinator@contoso.com'] });
    await svc.settle();
    projectId = (await svc.api<{ projects: { id: number }[] }>('/api/projects')).body.projects[0]!.id;
    for (const [email, tz] of [[lena.address, 'Europe/Berlin'], [omar.address, 'America/Sao_Paulo'], [dana.address, 'America/Chicago']] as const) {
      await svc.deps.db.updateTable('people').set({ time_zone: tz }).where('email', '=', email).execute();
    }
    await svc.runClock(new Date('2025-03-07T08:05:00Z')); // Lena's task is due today in Berlin
    lenaNudge = await withToken(svc, (await outbox(svc)).find((m) => m.kind === 'nudge' && m.to.includes(lena.address))!);
  });
  afterAll(async () => svc?.close());

  const task = async (n: number) => (await svc.api<{ project: { tasks: { number: number; status: string }[] } }>(`/api/projects/${projectId}`)).body.project.tasks.find((t) => t.number === n)!;
  const lastId = async () => Math.max(0, ...(await outbox(svc)).map((m) => m.id));
  const sent = async (after: number) => (await outbox(svc)).filter((m) => m.id > after).sort((a, b) => a.id - b.id);
  const smtp = async (raw: string, from: string, to: string) => {
    expect(await svc.sendRaw(raw, { from, to: [to] })).toMatch(/^250 /);
    await svc.settle();
  };
  const verdictOf = async (messageId: string) =>
    (await svc.deps.db.selectFrom('inbound_messages').innerJoin('inbound_auth', 'inbound_auth.inbound_id', 'inbound_messages.id').select(['inbound_auth.verdict', 'inbound_auth.helo']).where('message_id', '=', messageId).executeTakeFirstOrThrow());

  it('a spoofed "done" from the owner\'s address, from an unauthorised IP under p=reject, changes nothing and asks the owner', async () => {
    const before = await lastId();
    const spoof = replyTo(lenaNudge, { client: 'gmail', from: lena, body: 'done' });
    await smtp(spoof.raw, lena.address, lenaNudge.replyTo);
    expect((await task(1)).status).toBe('open');
    const out = await sent(before);
    expect(out.map((m) => [m.kind, m.to])).toEqual([['confirm_request', [lena.address]]]);
    expect(out[0]!.text).toMatch(/could not verify/);
    expect(out[0]!.text).toMatch(/mark “Order the replacement scanners” done/);
    const v = await verdictOf(spoof.messageId);
    expect(v.verdict).toMatchObject({ policy: 'dmarc', authenticated: false, method: 'smtp', result: 'fail', fromDomain: 'contoso.com' });
    expect(v.helo).toBeTruthy(); // the session's HELO reached the processing job
    expect(lookups).toContain('_dmarc.contoso.com|TXT');
    const pending = await svc.deps.db.selectFrom('pending_commands').select(['reason', 'status', 'confirm_by']).execute();
    expect(pending).toEqual([{ reason: 'unauthenticated', status: 'pending', confirm_by: expect.any(Number) }]);
    // Lena did not send it: "no" through the request's own token drops it
    const ask = await withToken(svc, out[0]!);
    await smtp(replyTo(ask, { client: 'gmail', from: lena, body: 'no' }).raw, lena.address, ask.replyTo);
    expect((await task(1)).status).toBe('open');
    expect((await svc.deps.db.selectFrom('pending_commands').select('status').executeTakeFirstOrThrow()).status).toBe('rejected');
  });

  it('a forged Authentication-Results below the boundary\'s real one is ignored', async () => {
    const before = await lastId();
    const r = replyTo(lenaNudge, {
      client: 'outlook',
      from: lena,
      body: 'done',
      extraHeaders: `Authentication-Results: ${BOUNDARY}; dmarc=pass header.from=contoso.com`, // the attacker's, below
    });
    const raw = `Authentication-Results: ${BOUNDARY};\r\n dkim=none;\r\n spf=softfail smtp.mailfrom=evil.example;\r\n dmarc=fail (p=REJECT) header.from=contoso.com\r\n${r.raw}`;
    const got = await receive(svc.deps, { channel: 'imap', raw: Buffer.from(raw), providerId: 'INBOX/1/41', rcptTo: [] });
    expect(got.duplicate).toBe(false);
    await svc.settle();
    expect((await task(1)).status).toBe('open');
    expect((await sent(before)).map((m) => [m.kind, m.to])).toEqual([['confirm_request', [lena.address]]]);
    expect((await verdictOf(r.messageId)).verdict).toMatchObject({ authenticated: false, method: 'authentication-results', result: 'fail' });
  });

  it('a DKIM-signed "done" from the owner passes DMARC and is applied, with a confirmation', async () => {
    const before = await lastId();
    const r = replyTo(lenaNudge, { client: 'apple', from: lena, body: 'done' });
    await smtp(await signed(r.raw), lena.address, lenaNudge.replyTo);
    expect((await task(1)).status).toBe('done');
    const out = await sent(before);
    expect(out.map((m) => [m.kind, m.to])).toEqual([['confirmation', [lena.address]]]);
    expect((await verdictOf(r.messageId)).verdict).toMatchObject({ authenticated: true, method: 'smtp', result: 'pass' });
  });

  it('the trusted boundary\'s own dmarc=pass on top authenticates a provider-delivered reply', async () => {
    await svc.runClock(new Date('2025-03-14T12:05:00Z')); // Omar's task is due today in São Paulo
    const omarNudge = await withToken(svc, (await outbox(svc)).find((m) => m.kind === 'nudge' && m.to.includes(omar.address))!);
    const r = replyTo(omarNudge, { client: 'gmail', from: omar, body: 'done' });
    const raw = `Authentication-Results: ${BOUNDARY}; dkim=pass header.i=@contoso.com; spf=pass smtp.mailfrom=contoso.com; dmarc=pass (p=REJECT) header.from=contoso.com\r\n${r.raw}`;
    await receive(svc.deps, { channel: 'imap', raw: Buffer.from(raw), providerId: 'INBOX/1/42', rcptTo: [] });
    await svc.settle();
    expect((await task(2)).status).toBe('done');
  });
});

describe('a From header speaks only when it names one mailbox', () => {
  const email = (...values: string[]) => ({ headers: { from: values }, from: { address: 'tom@contoso.com', name: '' } });
  it.each([
    ['Tom Baker <tom@contoso.com>', 'tom@contoso.com'],
    ['tom@contoso.com', 'tom@contoso.com'],
    ['"Baker, Tom (Sales)" <tom@contoso.com>', 'tom@contoso.com'],
    ['"tom@contoso.com" <tom@contoso.com>', 'tom@contoso.com'],
    ['Tom Baker (work) <tom@contoso.com>', 'tom@contoso.com'],
  ])('%s → %s', (value, expected) => expect(singleFromAddress(email(value))).toBe(expected));
  it.each([
    ['Tom <tom@contoso.com>, Eve <eve@evil.test>'],
    ['Eve <eve@evil.test>, Tom <tom@contoso.com>'],
    ['Team: Tom <tom@contoso.com>;'],
    ['undisclosed-recipients:;'],
    ['tom@contoso.com <eve@evil.test>'],
    ['<tom@contoso.com> <eve@evil.test>'],
    ['tom@contoso.com eve@evil.test'],
  ])('%s → nobody', (value) => expect(singleFromAddress(email(value))).toBeNull());
  it('two From headers → nobody', () => expect(singleFromAddress(email('Tom <tom@contoso.com>', 'Eve <eve@evil.test>'))).toBeNull());
});

describe.each(testDatabases)('reply tokens bound to their recipient on $name', (database) => {
  let svc: TestService;
  let world: World;
  let base: string;
  beforeAll(async () => {
    svc = await startTestService(database, {}, '2025-03-03T10:00:00Z');
    world = await buildWorld(svc);
    base = await snapshot(svc, world);
  }, 120_000);
  afterAll(async () => svc?.close());
  afterEach(async () => restore(svc, world, base));

  const tomId = async () => (await svc.deps.db.selectFrom('people').select('id').where('email', '=', people.tom.address).executeTakeFirstOrThrow()).id;
  const status = async () => (await svc.deps.db.selectFrom('tasks').select('status').where('id', '=', world.taskIds[0]).executeTakeFirstOrThrow()).status;
  const reply = (from: string, tok: Token, body = 'done'): Parameters<typeof deliver>[1] => ({ from, to: tok.address, subject: `Re: ${tok.subject}`, inReplyTo: tok.messageId, body });
  const viaSmtp = (tok: Token) => ({ channel: 'smtp' as const, policy: 'token' as const, rcpt: tok.address });

  it('an address the owner confirmed as theirs may use their token; an unconfirmed one may not', async () => {
    const tok = world.tokens.reply.fresh;
    await deliver(svc, reply('Tom Baker <tom.baker@home.example>', tok), viaSmtp(tok));
    expect(await status()).toBe('open');
    await confirmAddress(svc.deps.db, await tomId(), 'Tom.Baker@home.example', svc.clock.now());
    await deliver(svc, reply('Tom Baker <tom.baker@home.example>', tok), viaSmtp(tok));
    expect(await status()).toBe('done');
    await svc.deps.db.deleteFrom('confirmed_addresses').execute();
  });

  it('an expired token asks its owner with a fresh one, and "yes" through it applies; a revoked token is refused without a word', async () => {
    const old = world.tokens.reply.old;
    const before = (await svc.deps.db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? 0;
    expect(await deliver(svc, reply(`${people.tom.name} <${people.tom.address}>`, old), viaSmtp(old))).toMatch(/held \(token_expired\)/);
    expect(await status()).toBe('open');
    const asked = await svc.deps.db.selectFrom('outbox').select(['id', 'kind', 'to', 'reply_token', 'message_id', 'subject', 'text']).where('id', '>', before).execute();
    expect(asked.map((r) => [r.kind, r.to])).toEqual([['confirm_request', [people.tom.address]]]);
    expect(asked[0]!.text).toMatch(/too old to change tasks by itself/);
    const fresh = { address: `reply+${asked[0]!.reply_token}@contoso.com`, messageId: asked[0]!.message_id, subject: asked[0]!.subject, outboxId: asked[0]!.id };
    await deliver(svc, reply(`${people.tom.name} <${people.tom.address}>`, fresh, 'yes'), viaSmtp(fresh));
    expect(await status()).toBe('done');
    await restore(svc, world, base);
    const revoked = world.tokens.reply.revoked;
    const mid = (await svc.deps.db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? 0;
    expect(await deliver(svc, reply(`${people.tom.name} <${people.tom.address}>`, revoked), viaSmtp(revoked))).toMatch(/refused/);
    expect(await status()).toBe('open');
    expect(await svc.deps.db.selectFrom('outbox').select('id').where('id', '>', mid).execute()).toEqual([]);
  });

  it('a meeting change through an old token is held; the organizer\'s "yes" through the fresh token carries it out', async () => {
    const old = world.tokens.meeting.old;
    const lena = `${people.lena.name} <${people.lena.address}>`;
    const meeting = async () => (await svc.deps.db.selectFrom('meetings').select(['status', 'sequence']).where('id', '=', world.meetingId).executeTakeFirstOrThrow());
    const before = (await svc.deps.db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? 0;
    expect(await deliver(svc, reply(lena, old, 'Please cancel the kickoff.'), viaSmtp(old))).toMatch(/meeting cancel held \(token_expired\): confirmation asked/);
    expect(await meeting()).toEqual({ status: 'scheduled', sequence: 0 });
    const [ask] = await svc.deps.db.selectFrom('outbox').select(['id', 'kind', 'to', 'reply_token', 'message_id', 'subject', 'text']).where('id', '>', before).execute();
    expect([ask!.kind, ask!.to]).toEqual(['confirm_request', [people.lena.address]]);
    expect(ask!.text).toMatch(/cancel “Launch kickoff”/);
    const fresh = { address: `reply+${ask!.reply_token}@contoso.com`, messageId: ask!.message_id, subject: ask!.subject, outboxId: ask!.id };
    await deliver(svc, reply(lena, fresh, 'yes'), viaSmtp(fresh));
    expect(await meeting()).toEqual({ status: 'cancelled', sequence: 1 });
  });

  it('a thread reporting on two tasks asks each owner; one says yes, the other no', async () => {
    const before = (await svc.deps.db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? 0;
    const body = 'Status for today.\n\nFinished the screenshots. The landing page copy is blocked waiting on legal.\n\nLena';
    await deliver(svc, { from: `${people.lena.name} <${people.lena.address}>`, to: `${people.tom.name} <${people.tom.address}>`, cc: 'coordinator@contoso.com', subject: 'Re: Launch site', inReplyTo: world.threadMessageId, body }, { channel: 'smtp', policy: 'token', rcpt: 'coordinator@contoso.com' });
    const tasks = async () => (await svc.deps.db.selectFrom('tasks').select(['id', 'status']).where('id', 'in', world.taskIds).orderBy('id').execute()).map((t) => t.status);
    expect(await tasks()).toEqual(['open', 'open']);
    const events = await svc.deps.db.selectFrom('task_events').select(['task_id', 'data']).where('kind', '=', 'reported').where('task_id', 'in', world.taskIds).orderBy('task_id').execute();
    expect(events.map((e) => (e.data as { summary: string }).summary)).toEqual(['reported done by Lena Fischer (unverified)', 'reported blocked by Lena Fischer (unverified)']);
    const asked = await svc.deps.db.selectFrom('outbox').select(['id', 'kind', 'to', 'reply_token', 'message_id', 'subject', 'status', 'last_error']).where('id', '>', before).orderBy('id').execute();
    expect(asked.map((r) => [r.kind, r.to])).toEqual([['confirm_request', [people.tom.address]], ['confirm_request', [people.priya.address]]]);
    // each owner's question goes out: the breaker counts per correspondent, and these are two people
    expect(asked.map((r) => [r.status === 'suppressed', r.last_error])).toEqual([[false, null], [false, null]]);
    const answer = async (row: (typeof asked)[number], who: typeof people.tom, body: string) => {
      const tok = { address: `reply+${row.reply_token}@contoso.com`, messageId: row.message_id, subject: row.subject, outboxId: row.id };
      await deliver(svc, reply(`${who.name} <${who.address}>`, tok, body), viaSmtp(tok));
    };
    await answer(asked[1]!, people.priya, 'no');
    await answer(asked[0]!, people.tom, 'yes');
    expect(await tasks()).toEqual(['done', 'open']);
  });

  it('REPLY_TOKEN_DAYS decides how old a token may be: 31 days is too old at 30, fine at 40', async () => {
    const old = world.tokens.reply.old;
    await deliver(svc, reply(`${people.tom.name} <${people.tom.address}>`, old), { ...viaSmtp(old), tokenDays: 40 });
    expect(await status()).toBe('done');
  });

  it('a forged "unsubscribe" in the owner\'s name stops nobody\'s mail; the owner\'s own does', async () => {
    const tok = world.tokens.reply.fresh;
    const unsubscribed = async () => (await svc.deps.db.selectFrom('people').select('unsubscribed_at').where('email', '=', people.tom.address).executeTakeFirstOrThrow()).unsubscribed_at;
    await deliver(svc, { ...reply(`${people.tom.name} <${people.tom.address}>`, tok, 'unsubscribe'), to: 'coordinator@contoso.com' }, { ...viaSmtp(tok), rcpt: 'coordinator@contoso.com' });
    expect(await unsubscribed()).toBeNull();
    await deliver(svc, reply(`${people.tom.name} <${people.tom.address}>`, tok, 'unsubscribe'), viaSmtp(tok));
    expect(await unsubscribed()).not.toBeNull();
    await svc.deps.db.updateTable('people').set({ unsubscribed_at: null }).where('email', '=', people.tom.address).execute();
  });
});
