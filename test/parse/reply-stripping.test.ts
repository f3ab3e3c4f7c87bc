// Reply stripping on messages written for this test: bottom-posted replies (Thunderbird, Zimbra),
// answers between quoted lines, Outlook.com/Hotmail separators with localized header blocks,
// "Original Message" markers and mobile footers in several languages. The new text is what remains.
import { describe, expect, it } from 'vitest';
import { splitBody } from '../../src/parse/index.js';

const reply = (body: string) => splitBody(body, false);
const nudge = ['> Hi Rosa,', '>', '> A reminder: order the replacement pump seals (due Fri 12 June).', '> Reply "done", "blocked – waiting on …" or "snooze until Monday".'];

describe('bottom-posted replies', () => {
  it('keeps the answer written below a Thunderbird attribution and its quoted lines', () => {
    const r = reply(['On 09/06/2026 08:00, Coordinator wrote:', ...nudge, '', 'Ordered them this morning, they arrive Thursday.', '', 'Rosa'].join('\n'));
    expect(r.newText).toBe('Ordered them this morning, they arrive Thursday.\n\nRosa');
    expect(r.hadQuote).toBe(true);
    expect(r.quoted).toContain('replacement pump seals');
  });

  it('keeps the answer below an "Original Message" marker and header block followed by quoted lines', () => {
    const body = ['----- Original Message -----', 'From: "Coordinator" <coordinator@example.org>', 'To: "Rosa Lind" <rosa@example.org>', 'Sent: Tuesday, June 9, 2026 7:00:00 AM', 'Subject: Reminder: order the pump seals', '', ...nudge, '', 'Halfway there – the supplier has two of the four sizes in stock.'];
    const r = reply(body.join('\n'));
    expect(r.newText).toBe('Halfway there – the supplier has two of the four sizes in stock.');
    expect(r.quoted).toContain('replacement pump seals');
  });

  it('still treats an unquoted original under the marker as history when the answer is on top', () => {
    const r = reply(['Snooze until Monday please.', '', '-----Original Message-----', 'From: Coordinator <coordinator@example.org>', 'Sent: Tuesday, June 9, 2026 7:00 AM', 'To: Rosa Lind <rosa@example.org>', 'Subject: Reminder', '', 'Order the replacement pump seals.'].join('\n'));
    expect(r.newText).toBe('Snooze until Monday please.');
    expect(r.quoted).toContain('Order the replacement pump seals.');
  });

  it('keeps answers written between quoted numbered items, each with its item number, in order', () => {
    const r = reply(['On Tue, 9 Jun 2026 at 07:00, Coordinator <coordinator@example.org> wrote:', '> 1. Order the pump seals', 'done', '> 2. Book the crane', '>    Due: Friday', 'push to next Thursday', '> 3. Update the risk register', 'waiting on the surveyor', 'who has the file.', '', 'Cheers'].join('\n'));
    expect(r.newText.split('\n').filter(Boolean)).toEqual(['1 done', '2 push to next Thursday', '3 waiting on the surveyor', 'who has the file.', 'Cheers']);
  });

  it('does not number an answer written under the whole quoted digest', () => {
    const r = reply(['On Tue, 9 Jun 2026 at 07:00, Coordinator <coordinator@example.org> wrote:', '> 1. Order the pump seals', '> 2. Book the crane', '', 'All done, thanks!'].join('\n'));
    expect(r.newText).toBe('All done, thanks!');
  });

  it('keeps an answer that already names its item as written', () => {
    const r = reply(['> 1. Order the pump seals', '1 is done', '> 2. Book the crane', '2 – blocked on the hire firm'].join('\n'));
    expect(r.newText.split('\n')).toEqual(['1 is done', '2 – blocked on the hire firm']);
  });
});

describe('Outlook.com / Hotmail separators', () => {
  const cases: [string, string[]][] = [
    ['English', ['From: Coordinator <coordinator@example.org>', 'Sent: Tuesday, 9 June 2026 07:00', 'To: Rosa Lind <rosa@example.org>', 'Subject: Reminder: order the pump seals']],
    ['German', ['Von: Coordinator <coordinator@example.org>', 'Gesendet: Dienstag, 9. Juni 2026 07:00', 'An: Rosa Lind <rosa@example.org>', 'Betreff: Erinnerung: Dichtungen bestellen']],
    ['French', ['De : Coordinator <coordinator@example.org>', 'Envoyé : mardi 9 juin 2026 07:00', 'À : Rosa Lind <rosa@example.org>', 'Objet : Rappel : commander les joints']],
    ['Spanish', ['De: Coordinator <coordinator@example.org>', 'Enviado: martes, 9 de junio de 2026 7:00', 'Para: Rosa Lind <rosa@example.org>', 'Asunto: Recordatorio: pedir las juntas']],
    ['Portuguese', ['De: Coordinator <coordinator@example.org>', 'Enviado: terça-feira, 9 de junho de 2026 07:00', 'Para: Rosa Lind <rosa@example.org>', 'Assunto: Lembrete: encomendar as vedações']],
    ['Italian', ['Da: Coordinator <coordinator@example.org>', 'Inviato: martedì 9 giugno 2026 07:00', 'A: Rosa Lind <rosa@example.org>', 'Oggetto: Promemoria: ordinare le guarnizioni']],
    ['Dutch', ['Van: Coordinator <coordinator@example.org>', 'Verzonden: dinsdag 9 juni 2026 07:00', 'Aan: Rosa Lind <rosa@example.org>', 'Onderwerp: Herinnering: pakkingen bestellen']],
  ];
  it.each(cases)('cuts at a line of underscores and a %s header block', (_lang, header) => {
    const r = reply(['Done – ordered this morning.', '', '________________________________', ...header, '', 'Order the replacement pump seals by Friday.'].join('\n'));
    expect(r.newText).toBe('Done – ordered this morning.');
    expect(r.hadQuote).toBe(true);
    expect(r.quoted).toContain('Order the replacement pump seals by Friday.');
  });

  it('keeps a forwarded body under underscores in forward mode and returns its header', () => {
    const r = splitBody(['Please track this.', '', '________________________________', ...cases[0]![1], '', 'Rosa to order the seals by Friday.'].join('\n'), true);
    expect(r.newText).toContain('Rosa to order the seals by Friday.');
    expect(r.forwarded[0]?.subject).toBe('Reminder: order the pump seals');
  });
});

describe('Original Message markers', () => {
  it.each([
    '-----Original Message-----',
    '----- Original Message -----',
    '-------- Original message --------',
    '-----Ursprüngliche Nachricht-----',
    '-----Message d\'origine-----',
    '-----Mensaje original-----',
    '-----Messaggio originale-----',
    '-----Oorspronkelijk bericht-----',
    '-----Mensagem original-----',
  ])('cuts history under %s', (marker) => {
    const r = reply(['Blocked – the supplier has not confirmed sizes.', '', marker, 'From: Coordinator [mailto:coordinator@example.org]', 'Sent: Tuesday, June 09, 2026 7:00 AM', 'To: Rosa Lind', 'Subject: Reminder', '', 'Order the replacement pump seals.'].join('\n'));
    expect(r.newText).toBe('Blocked – the supplier has not confirmed sizes.');
    expect(r.hadQuote).toBe(true);
  });
});

describe('mobile footers', () => {
  it.each([
    'Sent from my iPhone',
    'Sent from my Galaxy',
    'Sent from my Samsung Galaxy smartphone.',
    'Get Outlook for Android',
    'Get Outlook for iOS',
    'Sent from Outlook for iOS',
    'Sent from Yahoo Mail for iPhone',
    'Sent from Mail for Windows',
    'Von meinem iPhone gesendet',
    'Gesendet von meinem Android',
    'Holen Sie sich Outlook für Android',
    'Envoyé de mon iPhone',
    'Télécharger Outlook pour Android',
    'Enviado desde mi iPhone',
    'Obtener Outlook para Android',
    'Enviado do meu iPhone',
    'Baixe o Outlook para Android',
    'Inviato da iPhone',
    'Scarica Outlook per Android',
    'Verzonden vanaf mijn iPhone',
    'Outlook voor Android downloaden',
  ])('drops "%s"', (footer) => {
    const r = reply(['Snooze till Monday please.', '', footer].join('\n'));
    expect(r.newText).toBe('Snooze till Monday please.');
  });

  it('drops a footer above a quoted original on a phone reply', () => {
    const r = reply(['All done 👍', '', 'Sent from my iPhone', '', 'On 9 Jun 2026, at 07:00, Coordinator <coordinator@example.org> wrote:', '', ...nudge].join('\n'));
    expect(r.newText).toBe('All done 👍');
  });

  it('keeps a line that merely mentions a phone', () => {
    expect(reply('Sent the invoice from my phone this morning.').newText).toBe('Sent the invoice from my phone this morning.');
  });
});

describe('dash-signed names', () => {
  it('drops a name signed after a dash at the end of the new text', () => {
    const r = reply(['Blocked until the survey results are in.', '', '-Marta Lind', '', 'On Tue, 9 Jun 2026 at 07:00, Coordinator <coordinator@example.org> wrote:', ...nudge].join('\n'));
    expect(r.newText).toBe('Blocked until the survey results are in.');
  });
  it('keeps the last item of a dashed list', () => {
    const r = reply(['Status:', '- Seals ordered', '- Crane Booked'].join('\n'));
    expect(r.newText).toBe('Status:\n- Seals ordered\n- Crane Booked');
  });
});

