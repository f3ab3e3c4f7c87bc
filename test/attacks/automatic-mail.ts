// Automatic mail for the FIG-1 harness, written from templates: out-of-office replies in eleven languages
// under five header styles, machine senders, text-only and MDN read receipts, list mail, calendar RSVPs
// whose text/calendar part has no method= parameter, and our own mail coming back (forwarding rules,
// inline forwards, forwards as attachment, echoes). Every body carries something a human message would
// act on (a command, a brief with owners and dates), so a message that is not recognised shows.
import { randomBytes } from 'node:crypto';
import { ASSISTANT, DOMAIN, people, type LoopWorld } from './loops-kit.js';

export interface Sample {
  group: string;
  name: string;
  raw: Buffer;
  rcpt: string;
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
let seq = 0;
const mid = (host: string) => `<auto-${++seq}-${randomBytes(3).toString('hex')}@${host}>`;

function message(head: Record<string, string | undefined>, body: string, contentType = 'text/plain; charset=utf-8'): Buffer {
  const lines = Object.entries({ 'MIME-Version': '1.0', 'Content-Type': contentType, 'Content-Transfer-Encoding': '8bit', ...head })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return Buffer.from(crlf(`${lines.join('\n')}\n\n${body}\n`));
}

const ooo: [lang: string, subject: string, body: string][] = [
  ['en', 'Automatic reply', 'I am out of the office until Monday 10 March with limited access to email. For urgent matters please contact Priya.\n\ndone 1'],
  ['de', 'Automatische Antwort', 'Ich bin bis zum 10. März nicht im Büro. In dringenden Fällen wenden Sie sich bitte an Priya.\n\nerledigt 1'],
  ['fr', 'Réponse automatique', "Je suis absent du bureau jusqu'au 10 mars. En cas d'urgence, contactez Priya. Je suis de retour le 10 mars.\n\nfait 1"],
  ['es', 'Respuesta automática', 'Estoy fuera de la oficina hasta el 10 de marzo. En caso de urgencia, contacte con Priya. Volveré el 10 de marzo.\n\nhecho 1'],
  ['pt', 'Resposta automática', 'Estou fora do escritório até 10 de março, com acesso limitado ao e-mail.\n\nfeito 1'],
  ['it', 'Risposta automatica', 'Sono fuori ufficio fino al 10 marzo. In caso di urgenza contattare Priya. Sarò di ritorno il 10 marzo.\n\nfatto 1'],
  ['nl', 'Automatisch antwoord', 'Ik ben afwezig tot 10 maart. Voor dringende zaken kunt u contact opnemen met Priya. Ik ben weer terug op 10 maart.\n\nklaar 1'],
  ['sv', 'Automatiskt svar', 'Jag är på semester till den 10 mars.\n\nklar 1'],
  ['pl', 'Automatyczna odpowiedź', 'Jestem poza biurem do 10 marca.\n\nzrobione 1'],
  ['ja', '自動応答', '3月10日まで不在にしております。\n\ndone 1'],
  ['ru', 'Автоответ', 'Я в отпуске до 10 марта.\n\ndone 1'],
];

const BRIEF = 'Please set up the launch:\n- Tom: finish the screenshots by Friday\n- Priya: write the landing page copy by next Wednesday\nThanks!';

/** Where a message goes: answering Tom's nudge (the reply path) or to the assistant (the brief path). */
function targets(w: LoopWorld) {
  const n = w.nudges.tom;
  return [
    { label: 'reply', to: n.address, subjectOf: (s: string) => `${s}: ${n.subject}`, thread: { 'In-Reply-To': `<${n.messageId}>`, References: `<${n.messageId}>` } },
    { label: 'brief', to: ASSISTANT, subjectOf: (s: string) => `${s}: Launch plan`, thread: {} as Record<string, string> },
  ];
}

function outOfOffice(w: LoopWorld): Sample[] {
  const out: Sample[] = [];
  const styles: [string, (s: string) => Record<string, string>, (subject: string, lang: string) => string, (lang: string) => boolean][] = [
    ['Auto-Submitted', () => ({ 'Auto-Submitted': 'auto-replied' }), (s) => s, () => true],
    ['X-Autoreply', () => ({ 'X-Autoreply': 'yes' }), (s) => s, () => true],
    ['Exchange rule only, Re: subject', () => ({ 'X-MS-Exchange-Inbox-Rules-Loop': people.tom.address, 'Thread-Topic': 'Launch plan' }), (s) => s.replace(/^[^:]+:/, 'Re:'), () => true],
    ['no headers, auto-reply subject', () => ({}), (s) => s, () => true],
    ['Precedence: auto_reply', () => ({ Precedence: 'auto_reply' }), (s) => s.replace(/^[^:]+:/, 'Re:'), () => true],
    ['no headers, Re: subject', () => ({}), (s) => s.replace(/^[^:]+:/, 'Re:'), (lang) => ['en', 'de', 'fr', 'es', 'it', 'nl'].includes(lang)],
  ];
  for (const [lang, prefix, body] of ooo)
    for (const [style, headers, subject, applies] of styles) {
      if (!applies(lang)) continue;
      for (const t of targets(w))
        out.push({
          group: 'out-of-office',
          name: `${lang} / ${style} / ${t.label}`,
          rcpt: t.to,
          raw: message({ From: `${people.tom.name} <${people.tom.address}>`, To: t.to, Subject: subject(t.subjectOf(prefix), lang), Date: 'Mon, 03 Mar 2025 15:05:00 +0100', 'Message-ID': mid('mail.contoso.com'), ...t.thread, ...headers(lang) }, body),
        });
    }
  return out;
}

const machines = [
  'notifications@github.com', 'noreply@github.com', 'jira@acme.atlassian.net', 'calendar-notification@google.com', 'postmaster@acme.io',
  'mailer-daemon@mx.acme.io', 'no-reply@accounts.google.com', 'do-not-reply@trello.com', 'donotreply@salesforce.com', 'no_reply@email.apple.com',
  'notification@slack.com', 'alerts@monitoring.acme.io', 'noreply+a1b2@zoom.us', 'team-noreply@asana.com', 'notify@status.acme.io',
];

function machineSenders(w: LoopWorld): Sample[] {
  const out: Sample[] = [];
  const bodies: [string, string][] = [['brief', BRIEF], ['command', 'done 1'], ['meeting', "Let's meet for 30 minutes with Tom and Priya early next week."]];
  for (const from of machines)
    for (const [kind, body] of bodies)
      for (const t of targets(w))
        out.push({ group: 'machine sender', name: `${from} / ${kind} / ${t.label}`, rcpt: t.to, raw: message({ From: `Service <${from}>`, To: t.to, Subject: t.subjectOf('Update'), Date: 'Mon, 03 Mar 2025 15:05:00 +0000', 'Message-ID': mid(from.split('@')[1]!), ...t.thread }, body) });
  return out;
}

function readReceipts(w: LoopWorld): Sample[] {
  const n = w.nudges.tom;
  const texts: [string, string, string][] = [
    ['en', 'Read', `Your message\n\n  To: Tom Baker\n  Subject: ${n.subject}\n  Sent: Monday, March 3, 2025 2:00 PM\n\nwas read on Monday, March 3, 2025 3:04 PM.`],
    ['en', 'Not read', `Your message\n\n  To: Tom Baker\n  Subject: ${n.subject}\n\nwas deleted without being read on Monday, March 3, 2025 3:04 PM.`],
    ['de', 'Gelesen', `Ihre Nachricht\n\n  An: Tom Baker\n  Betreff: ${n.subject}\n\nwurde am Montag, 3. März 2025 15:04 gelesen.`],
    ['de', 'Ungelesen', `Ihre Nachricht\n\n  An: Tom Baker\n  Betreff: ${n.subject}\n\nwurde ungelesen gelöscht.`],
    ['fr', 'Lu', `Votre message\n\n  À : Tom Baker\n  Objet : ${n.subject}\n\na été lu le lundi 3 mars 2025 15:04.`],
    ['es', 'Leído', `Su mensaje\n\n  Para: Tom Baker\n  Asunto: ${n.subject}\n\nfue leído el lunes, 3 de marzo de 2025 15:04.`],
    ['it', 'Letto', `Il messaggio\n\n  A: Tom Baker\n  Oggetto: ${n.subject}\n\nè stato letto il 3 marzo 2025 15:04.`],
    ['nl', 'Gelezen', `Uw bericht\n\n  Aan: Tom Baker\n  Onderwerp: ${n.subject}\n\nis gelezen op maandag 3 maart 2025 15:04.`],
  ];
  const out: Sample[] = [];
  for (const [lang, prefix, body] of texts)
    for (const t of targets(w))
      out.push({ group: 'read receipt', name: `${lang} ${prefix} / ${t.label}`, rcpt: t.to, raw: message({ From: `${people.tom.name} <${people.tom.address}>`, To: t.to, Subject: `${prefix}: ${n.subject}`, Date: 'Mon, 03 Mar 2025 15:05:00 +0100', 'Message-ID': mid('mail.contoso.com'), ...t.thread }, body) });
  for (const t of targets(w)) {
    const b = `mdn${++seq}`;
    const body = `--${b}\nContent-Type: text/plain; charset=utf-8\n\nThe message you sent was displayed. done 1\n\n--${b}\nContent-Type: message/disposition-notification\n\nReporting-UA: mail.contoso.com\nFinal-Recipient: rfc822;${people.tom.address}\nOriginal-Message-ID: <${n.messageId}>\nDisposition: manual-action/MDN-sent-manually; displayed\n\n--${b}--`;
    out.push({ group: 'read receipt', name: `MDN / ${t.label}`, rcpt: t.to, raw: message({ From: `${people.tom.name} <${people.tom.address}>`, To: t.to, Subject: `Read: ${n.subject}`, 'Message-ID': mid('mail.contoso.com'), ...t.thread }, body, `multipart/report; report-type=disposition-notification; boundary="${b}"`) });
  }
  return out;
}

function listMail(w: LoopWorld): Sample[] {
  const out: Sample[] = [];
  const styles: [string, Record<string, string>][] = [
    ['List-Id', { 'List-Id': '<launch.lists.acme.io>' }],
    ['List-Unsubscribe', { 'List-Unsubscribe': '<mailto:leave@lists.acme.io>' }],
    ['Precedence: bulk', { Precedence: 'bulk' }],
    ['Precedence: list', { Precedence: 'list' }],
    ['Feedback-ID', { 'Feedback-ID': '12:34:acme:esp' }],
    ['List-Post', { 'List-Post': '<mailto:launch@lists.acme.io>' }],
  ];
  for (const [style, headers] of styles)
    for (const body of [BRIEF, 'done 1'])
      for (const t of targets(w))
        out.push({ group: 'list mail', name: `${style} / ${body.length > 10 ? 'brief' : 'command'} / ${t.label}`, rcpt: t.to, raw: message({ From: `Launch list <launch@lists.acme.io>`, To: t.to, Subject: t.subjectOf('[launch]'), 'Message-ID': mid('lists.acme.io'), ...t.thread, ...headers }, body) });
  return out;
}

function rsvps(): Sample[] {
  const out: Sample[] = [];
  for (const who of [people.tom, people.priya])
    for (const partstat of ['ACCEPTED', 'DECLINED', 'TENTATIVE']) {
      const ics = `BEGIN:VCALENDAR\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\nVERSION:2.0\nCALSCALE:GREGORIAN\nMETHOD:REPLY\nBEGIN:VEVENT\nDTSTART:20250305T090000Z\nDTEND:20250305T093000Z\nDTSTAMP:20250303T140500Z\nORGANIZER;CN=Coordinator:mailto:${ASSISTANT}\nUID:kickoff-1@${DOMAIN}\nATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${partstat};CN=${who.name}:mailto:${who.address}\nSUMMARY:Launch kickoff\nSEQUENCE:0\nEND:VEVENT\nEND:VCALENDAR`;
      const word = partstat === 'ACCEPTED' ? 'Accepted' : partstat === 'DECLINED' ? 'Declined' : 'Tentatively Accepted';
      const head = { From: `${who.name} <${who.address}>`, To: ASSISTANT, Subject: `${word}: Launch kickoff @ Wed 5 Mar 2025 10am - 10:30am (CET)`, 'Message-ID': mid('google.com') };
      const text = `${who.name} has ${word.toLowerCase()} this invitation. done 1`;
      const b = `g${++seq}`;
      out.push({ group: 'rsvp without method=', name: `${who.address} ${partstat} / bare text/calendar`, rcpt: ASSISTANT, raw: message(head, ics, 'text/calendar; charset="UTF-8"') });
      out.push({ group: 'rsvp without method=', name: `${who.address} ${partstat} / alternative`, rcpt: ASSISTANT, raw: message(head, `--${b}\nContent-Type: text/plain; charset="UTF-8"\n\n${text}\n\n--${b}\nContent-Type: text/calendar; charset="UTF-8"\nContent-Transfer-Encoding: 7bit\n\n${ics}\n\n--${b}--`, `multipart/alternative; boundary="${b}"`) });
      out.push({ group: 'rsvp without method=', name: `${who.address} ${partstat} / mixed with invite.ics`, rcpt: ASSISTANT, raw: message(head, `--${b}\nContent-Type: text/plain; charset="UTF-8"\n\n${text}\n\n--${b}\nContent-Type: application/ics; name="invite.ics"\nContent-Disposition: attachment; filename="invite.ics"\n\n${ics}\n\n--${b}--`, `multipart/mixed; boundary="${b}"`) });
    }
  return out;
}

/** Our nudge and a plan reply as we send them, coming back wrapped in several ways. */
function ownMailBack(w: LoopWorld, instanceId: string): Sample[] {
  const out: Sample[] = [];
  const senders = [people.tom, people.priya, people.lena, { name: 'Ext Partner', address: 'partner@fabrikam.com' }];
  const ours = [w.nudges.tom, w.nudges.priya];
  for (const who of senders)
    for (const n of ours) {
      const from = `${who.name} <${who.address}>`;
      const block = `From: Coordinator <${ASSISTANT}>\nSent: Monday, March 3, 2025 2:00 PM\nTo: ${n.to}\nSubject: ${n.subject}\n\n${n.text}\n\n${BRIEF}`;
      out.push({ group: 'own mail back', name: `${who.address} Outlook rule / ${n.to}`, rcpt: ASSISTANT, raw: message({ From: from, To: ASSISTANT, Subject: `FW: ${n.subject}`, 'Message-ID': mid('outlook.com'), 'X-MS-Exchange-Inbox-Rules-Loop': who.address }, `\n\n________________________________\n${block}`) });
      out.push({ group: 'own mail back', name: `${who.address} Gmail forward / ${n.to}`, rcpt: ASSISTANT, raw: message({ From: from, To: ASSISTANT, Subject: `Fwd: ${n.subject}`, 'Message-ID': mid('mail.gmail.com') }, `\n---------- Forwarded message ---------\nFrom: Coordinator <${ASSISTANT}>\nDate: Mon, Mar 3, 2025 at 2:00 PM\nSubject: ${n.subject}\nTo: <${n.to}>\n\n${n.text}\n\n${BRIEF}`) });
      const b = `fw${++seq}`;
      const inner = `From: Coordinator <${ASSISTANT}>\nTo: ${n.to}\nSubject: ${n.subject}\nMessage-ID: <${n.messageId}>\nAuto-Submitted: auto-generated\nX-Coordinator-Loop: ${instanceId}\nReply-To: ${n.address}\nContent-Type: text/plain\n\n${n.text}\n${BRIEF}`;
      out.push({ group: 'own mail back', name: `${who.address} forward as attachment / ${n.to}`, rcpt: ASSISTANT, raw: message({ From: from, To: ASSISTANT, Subject: `Fwd: ${n.subject}`, 'Message-ID': mid('example.net') }, `--${b}\nContent-Type: text/plain\n\nSee below.\n\n--${b}\nContent-Type: message/rfc822\n\n${inner}\n--${b}--`, `multipart/mixed; boundary="${b}"`) });
      out.push({ group: 'own mail back', name: `${who.address} echo with our reply address / ${n.to}`, rcpt: ASSISTANT, raw: message({ From: from, To: ASSISTANT, Subject: `${n.subject}`, 'Message-ID': mid('echo.example') }, `Reply-To: ${n.address}\nSubject: ${n.subject}\n\n${n.text}\n\n${BRIEF}`) });
      out.push({ group: 'own mail back', name: `${who.address} copy with our Message-ID / ${n.to}`, rcpt: ASSISTANT, raw: message({ From: from, To: ASSISTANT, Subject: n.subject, 'Message-ID': `<${n.messageId}>` }, `${n.text}\n\n${BRIEF}`) });
    }
  return out;
}

export function automaticMail(w: LoopWorld, instanceId: string): Sample[] {
  return [...outOfOffice(w), ...machineSenders(w), ...readReceipts(w), ...listMail(w), ...rsvps(), ...ownMailBack(w, instanceId)];
}

/** People writing normally, some of it close to automatic mail in wording: all of it must be processed. */
export function humanControls(w: LoopWorld): (Sample & { expect: 'changed' | 'project' | 'processed' })[] {
  const tom = w.nudges.tom;
  const priya = w.nudges.priya;
  const reply = (who: typeof people.tom, n: typeof tom, body: string, subject = `Re: ${n.subject}`) =>
    message({ From: `${who.name} <${who.address}>`, To: n.address, Subject: subject, Date: 'Mon, 03 Mar 2025 15:05:00 +0100', 'Message-ID': mid('mail.contoso.com'), 'In-Reply-To': `<${n.messageId}>`, References: `<${n.messageId}>` }, body);
  const brief = (from: string, name: string, subject: string) =>
    message({ From: `${name} <${from}>`, To: ASSISTANT, Subject: subject, Date: 'Mon, 03 Mar 2025 15:05:00 +0100', 'Message-ID': mid(from.split('@')[1]!) }, BRIEF.replace('launch', subject.toLowerCase()));
  return [
    { group: 'human', name: 'Tom: done 1', rcpt: tom.address, raw: reply(people.tom, tom, 'done 1'), expect: 'changed' },
    { group: 'human', name: 'Priya: out of office Friday, meet Thursday', rcpt: priya.address, raw: reply(people.priya, priya, "I'll be out of office Friday, so let's meet Thursday instead."), expect: 'processed' },
    { group: 'human', name: 'Priya: read the spec', rcpt: priya.address, raw: reply(people.priya, priya, 'I read the spec on Monday and it looks fine.', 'Read: the spec before Friday'), expect: 'processed' },
    ...[
      ['omar.haddad@fabrikam.com', 'Omar Haddad', 'Website relaunch'],
      ['ana.silva@contoso.com', 'Ana Silva', 'Notifications for the pricing page'],
      ['jira.admin.kim@contoso.com', 'Kim Park', 'Jira migration'],
      ['dmitri@northwind.example', 'Dmitri Volkov', 'Auto-renewal of the support contract'],
      ['sara.lee@contoso.com', 'Sara Lee', 'Out of office calendar for the team'],
      ['li.wei@contoso.com', 'Li Wei', 'Read receipts in the CRM'],
    ].map(([from, name, subject]) => ({ group: 'human', name: `brief: ${subject}`, rcpt: ASSISTANT, raw: brief(from!, name!, subject!), expect: 'project' as const })),
  ];
}
