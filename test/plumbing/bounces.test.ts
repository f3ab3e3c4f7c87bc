// Bounces and complaints arriving as mail (LOOP-8/9), through the real SMTP listener: attributed by the
// Message-ID of a message we sent and the DSN's Final-/Original-Recipient, never by guessing. The
// reports are real ones from the public corpus in test/fixtures (sisimai set-of-emails) pointed at our outbox rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPersonByEmail } from '../../src/store/people.js';
import { suppressionEvents } from '../../src/store/suppressions.js';
import { testDatabases } from '../support/databases.js';
import { corpus as corpusFile } from '../support/fixtures.js';
import { queueMail } from '../support/outbox-rows.js';
import { startTestService, type TestService } from '../support/service.js';

const corpus = (name: string) => corpusFile(`sisimai-set-of-emails/bsd/${name}`).toString('latin1');

/** A corpus DSN (Postfix, 5.1.1) whose returned original is one of ours. */
function postfixBounce(to: string, messageId: string, status = '5.1.1', action = 'failed'): string {
  const raw = corpus('lhost-postfix-01.eml')
    .replace('Final-Recipient: rfc822; r@p351355.pool.example.ne.jp', `Final-Recipient: rfc822; ${to}`)
    .replace('Original-Recipient: rfc822;kijitora@example.org', `Original-Recipient: rfc822;${to}`)
    .replace('Action: failed', `Action: ${action}`)
    .replace('Status: 5.1.1', `Status: ${status}`);
  const returned = ['From: Coordinator <coordinator@contoso.com>', `To: ${to}`, 'Subject: Nudge', `Message-ID: <${messageId}>`, '', 'Hello', ''].join('\r\n');
  return raw.replace(/(Content-Type: message\/rfc822\r?\n)[\s\S]*$/, `$1\n${returned}\n--FFFFFFFFFFFF.0000000000000/p351355.pool.example.ne.jp--\n`);
}

/** A corpus ARF report (arf-01) about one of our messages, with the address redacted as FBLs do. */
function arfComplaint(messageId: string): string {
  return corpus('arf-01.eml').replace('Subject: Kijitora cat family', `Subject: Nudge\nMessage-ID: <${messageId}>`);
}

describe.each(testDatabases)('bounce and complaint mail on $name', (database) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(database);
  });
  afterAll(async () => svc?.close());

  const deliver = async (raw: string) => {
    expect(await svc.sendRaw(raw, { from: '', to: ['coordinator@contoso.com'] } as never)).toMatch(/^250 /);
    await svc.settle();
  };

  it('suppresses the recipient of a hard bounce of our message (5.1.1), and answers nobody', async () => {
    const sent = await queueMail(svc.deps.db, { to: 'kijitora@fabrikam.com' });
    const outboxBefore = (await svc.deps.db.selectFrom('outbox').select('id').execute()).length;
    await deliver(postfixBounce('kijitora@fabrikam.com', sent.message_id));
    const person = await findPersonByEmail(svc.deps.db, 'kijitora@fabrikam.com');
    expect(person?.suppressed_at).toBeTruthy();
    expect(await suppressionEvents(svc.deps.db, 'kijitora@fabrikam.com')).toMatchObject([{ kind: 'hard_bounce', source: 'dsn', outbox_id: sent.id }]);
    expect((await svc.deps.db.selectFrom('outbox').select('id').execute()).length).toBe(outboxBefore);
    const inbound = await svc.deps.db.selectFrom('inbound_messages').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(inbound).toMatchObject({ status: 'ignored', classification: 'bounce' });
    expect(inbound.error).toMatch(/suppressed kijitora@fabrikam\.com/);
  });

  it('only counts a delayed (4.x.x) report as a soft bounce', async () => {
    const sent = await queueMail(svc.deps.db, { to: 'slow@fabrikam.com' });
    await deliver(postfixBounce('slow@fabrikam.com', sent.message_id, '4.4.1', 'delayed'));
    expect((await findPersonByEmail(svc.deps.db, 'slow@fabrikam.com'))?.suppressed_at ?? null).toBeNull();
    expect(await suppressionEvents(svc.deps.db, 'slow@fabrikam.com')).toMatchObject([{ kind: 'soft_bounce' }]);
  });

  it('suppresses nobody for a bounce that references no message of ours', async () => {
    await deliver(postfixBounce('stranger@fabrikam.com', 'not-ours@elsewhere.example'));
    expect(await findPersonByEmail(svc.deps.db, 'stranger@fabrikam.com')).toBeUndefined();
    expect(await suppressionEvents(svc.deps.db, 'stranger@fabrikam.com')).toEqual([]);
  });

  it('does not suppress an address our message did not go to, even if the DSN names it', async () => {
    const sent = await queueMail(svc.deps.db, { to: 'real@fabrikam.com' });
    await deliver(postfixBounce('victim@fabrikam.com', sent.message_id));
    expect(await findPersonByEmail(svc.deps.db, 'victim@fabrikam.com')).toBeUndefined();
    expect((await findPersonByEmail(svc.deps.db, 'real@fabrikam.com'))?.suppressed_at ?? null).toBeNull();
  });

  it('stops non-essential mail to the recipient of a message an ARF complaint is about', async () => {
    const sent = await queueMail(svc.deps.db, { to: 'grumpy@fabrikam.com' });
    await deliver(arfComplaint(sent.message_id));
    const person = await findPersonByEmail(svc.deps.db, 'grumpy@fabrikam.com');
    expect(person?.unsubscribed_at).toBeTruthy();
    expect(await suppressionEvents(svc.deps.db, 'grumpy@fabrikam.com')).toMatchObject([{ kind: 'complaint', source: 'arf', detail: 'abuse' }]);
    // The next nudge to them is not attempted.
    const nudge = await queueMail(svc.deps.db, { to: 'grumpy@fabrikam.com', kind: 'nudge' });
    await svc.deps.queue.enqueue(svc.deps.db, 'outbox-send', { outboxId: nudge.id });
    await svc.settle();
    expect((await svc.deps.db.selectFrom('outbox').select('status').where('id', '=', nudge.id).executeTakeFirstOrThrow()).status).toBe('suppressed');
  });
});
