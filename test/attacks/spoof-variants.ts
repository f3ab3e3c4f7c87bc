// The spoofed commands, each with its legitimate twin: the same command, by the person who may give it,
// through their own token (and, where the path needs it, authenticated by the trusted boundary). A twin
// must change the world; its attack must not. Written here, not copied from any corpus.
import type { Signing } from './spoof-dkim.js';
import { BOUNDARY, DOMAIN, people, type Channel, type Mail, type Policy, type World } from './spoof-kit.js';

export type Path = 'reply' | 'digest' | 'thread' | 'meeting';

export interface Msg {
  mail: Mail;
  channel: Channel;
  policy: Policy;
  rcpt: string;
  sign?: Signing;
}

export interface Case {
  path: Path;
  family: string;
  command: string;
  attack: Msg;
  twin: Msg;
  /** A replay: the twin goes first and its command is remembered; the attack re-sends it. */
  twinFirst?: boolean;
}

type Who = { name: string; address: string };
const COORDINATOR = `coordinator@${DOMAIN}`;
const eve = { name: 'Eve', address: 'eve@evil.test' };
const named = (p: Who) => `${p.name} <${p.address}>`;
const local = (p: Who) => p.address.split('@')[0]!;
const pass = (domain: string) => `Authentication-Results: ${BOUNDARY}; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}`;
const fail = (domain: string) => `Authentication-Results: ${BOUNDARY}; spf=fail smtp.mailfrom=${domain}; dmarc=fail (p=REJECT) header.from=${domain}`;
/** Look-alikes: a Cyrillic letter in the local part or in the domain, and our domain as a subdomain of theirs. */
const lookalikes = (p: Who): [string, string, string][] => [
  ['lookalike-local', `${p.name} <${local(p).replace('a', 'а').replace('o', 'о')}@${DOMAIN}>`, DOMAIN],
  ['lookalike-domain', `${p.name} <${local(p)}@contоso.com>`, 'xn--conts-m4e.com'],
  ['lookalike-subdomain', `${p.name} <${local(p)}@${DOMAIN}.evil.test>`, `${DOMAIN}.evil.test`],
];
/** From headers that name more than one mailbox, or hide one behind another. */
const fromTricks = (p: Who): [string, string | string[]][] => [
  ['two-addresses', `${named(p)}, ${named(eve)}`],
  ['two-addresses-eve-first', `${named(eve)}, ${named(p)}`],
  ['group', `Team: ${named(p)};`],
  ['group-of-two', `Team: ${p.address}, ${eve.address};`],
  ['two-from-headers', [named(p), named(eve)]],
  ['display-name-quoted', `"${p.address}" <${eve.address}>`],
  ['display-name-unquoted', `${p.address} <${eve.address}>`],
];

interface TokenPath {
  path: 'reply' | 'digest' | 'meeting';
  legit: Who;
  other: Who; // someone on the project who is not the token's owner
  commands: string[];
}

function tokenPathCases(w: World, t: TokenPath): Case[] {
  const tok = w.tokens[t.path];
  const cases: Case[] = [];
  for (const command of t.commands) {
    const base: Mail = { from: named(t.legit), to: tok.fresh.address, subject: `Re: ${tok.fresh.subject}`, inReplyTo: tok.fresh.messageId, body: command };
    const plain = (mail: Partial<Mail>, o: Partial<Msg> = {}): Msg => ({ mail: { ...base, ...mail }, channel: 'smtp', policy: 'token', rcpt: (mail.to ?? base.to), ...o });
    const twin = plain({});
    const dmarcTwin = plain({ headersAbove: [pass(DOMAIN)] }, { channel: 'imap', policy: 'dmarc' });
    const add = (family: string, attack: Msg, tw = twin, extra: Partial<Case> = {}) => cases.push({ path: t.path, family, command, attack, twin: tw, ...extra });

    add('forged-from-no-token', plain({ to: COORDINATOR }));
    add('someone-elses-token', plain({ from: named(t.other) }));
    add('token-with-foreign-from', plain({ from: named(eve) }));
    add('expired-token', plain({ to: tok.old.address, inReplyTo: tok.old.messageId }));
    add('revoked-token', plain({ to: tok.revoked.address, inReplyTo: tok.revoked.messageId }));
    for (const [family, from] of fromTricks(t.legit)) add(family, plain({ from }));
    for (const [family, from] of lookalikes(t.legit)) add(family, plain({ from }));
    add('quoted-only', plain({ body: 'Thanks!', quoted: command }));
    // COMMAND_AUTH=dmarc: the right person's token and From, but no proof the From is true.
    add('dmarc-no-results', plain({}, { policy: 'dmarc' }), dmarcTwin);
    add('dmarc-results-on-own-listener', plain({ headersAbove: [pass(DOMAIN)] }, { policy: 'dmarc' }), dmarcTwin);
    add('dmarc-results-untrusted-id', plain({ headersAbove: [pass(DOMAIN).replace(BOUNDARY, 'mx.evil.test')] }, { channel: 'imap', policy: 'dmarc' }), dmarcTwin);
    add('dmarc-forged-results-below', plain({ headersAbove: [fail(DOMAIN), pass(DOMAIN)] }, { channel: 'imap', policy: 'dmarc' }), dmarcTwin);
    // COMMAND_AUTH=dmarc on our own listener: mailauth against the fixture DNS; the twin is DKIM-signed.
    const listenerTwin = plain({}, { policy: 'dmarc-smtp', sign: { domain: 'contoso.com' } });
    add('listener-unsigned-spf-fail', plain({}, { policy: 'dmarc-smtp' }), listenerTwin);
    add('listener-signed-by-another-domain', plain({}, { policy: 'dmarc-smtp', sign: { domain: 'evil.test' } }), listenerTwin);
    add('listener-l-signature-command-appended', plain({ body: 'Thanks for the reminder.' }, { policy: 'dmarc-smtp', sign: { domain: 'contoso.com', append: `\r\n${command}\r\n` } }), listenerTwin);
    add('listener-signed-then-altered', plain({ body: 'Thanks for the reminder.' }, { policy: 'dmarc-smtp', sign: { domain: 'contoso.com', tamper: `\r\n${command}\r\n` } }), listenerTwin);
    if (t.path !== 'meeting') add('replay-new-message-id', plain({}), twin, { twinFirst: true });
  }
  return cases;
}

function threadCases(w: World): Case[] {
  const cases: Case[] = [];
  for (const command of ['Finished the screenshots.', 'Blocked waiting on legal for the screenshots.']) {
    const base: Mail = { from: named(people.tom), to: named(people.lena), cc: COORDINATOR, subject: 'Re: Launch site', inReplyTo: w.threadMessageId, body: `Quick update.\n\n${command}\n\nTom` };
    const msg = (mail: Partial<Mail>, o: Partial<Msg> = {}): Msg => ({ mail: { ...base, ...mail }, channel: 'imap', policy: 'token', rcpt: COORDINATOR, ...o });
    const twin = msg({ headersAbove: [pass(DOMAIN)] });
    const add = (family: string, attack: Msg) => cases.push({ path: 'thread', family, command, attack, twin });
    add('forged-from-unauthenticated', msg({}, { channel: 'smtp' }));
    add('forged-from-dmarc-policy', msg({}, { channel: 'smtp', policy: 'dmarc' }));
    add('results-on-own-listener', msg({ headersAbove: [pass(DOMAIN)] }, { channel: 'smtp' }));
    add('results-untrusted-id', msg({ headersAbove: [pass(DOMAIN).replace(BOUNDARY, 'mx.evil.test')] }));
    add('forged-results-below', msg({ headersAbove: [fail(DOMAIN), pass(DOMAIN)] }));
    add('pass-for-another-domain', msg({ headersAbove: [pass('evil.test')] }));
    add('outsider-authenticated', msg({ from: named(eve), headersAbove: [pass('evil.test')] }));
    add('insider-not-owner-authenticated', msg({ from: named(people.priya), headersAbove: [pass(DOMAIN)] }));
    for (const [family, from] of fromTricks(people.tom)) add(family, msg({ from, headersAbove: [pass(DOMAIN)] }));
    for (const [family, from, domain] of lookalikes(people.tom)) add(family, msg({ from, headersAbove: [pass(domain)] }));
    add('quoted-only', msg({ body: 'Thanks, see below.', quoted: command, headersAbove: [pass(DOMAIN)] }));
  }
  return cases;
}

/** Handing a task to someone outside the project: the owner may not (the lead is asked), the lead may. */
function outsiderCases(w: World): Case[] {
  const m = (from: Who, tok: World['tokens']['reply']['fresh'], body: string): Msg => ({ mail: { from: named(from), to: tok.address, subject: `Re: ${tok.subject}`, inReplyTo: tok.messageId, body }, channel: 'smtp', policy: 'token', rcpt: tok.address });
  const command = 'give 1 to eve@evil.test';
  return [{ path: 'reply', family: 'reassign-to-outsider-by-owner', command, attack: m(people.tom, w.tokens.reply.fresh, command), twin: m(people.lena, w.tokens.digest.fresh, command) }];
}

export function spoofCases(w: World): Case[] {
  return [
    ...tokenPathCases(w, { path: 'reply', legit: people.tom, other: people.priya, commands: ['done', 'blocked 1 waiting on legal', 'move 1 to Friday', 'give 1 to priya.natarajan@contoso.com'] }),
    ...tokenPathCases(w, { path: 'digest', legit: people.lena, other: people.tom, commands: ['done 2', 'blocked 2 waiting on legal', 'give 2 to tom.baker@contoso.com'] }),
    ...tokenPathCases(w, { path: 'meeting', legit: people.lena, other: people.tom, commands: ['Please cancel the kickoff.', 'Please remove Priya from the kickoff.'] }),
    ...threadCases(w),
    ...outsiderCases(w),
  ];
}
