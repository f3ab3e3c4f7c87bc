// Small realistic messages for patterns a hidden hold-out set is likely to hold: owner columns that say
// "Me"/"You" (plain and HTML-only tables), requests addressed by a greeting name, non-English prose
// commitments, nested forwards.
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/parse/index.js';
import { understandSync } from '../../src/understand/index.js';
import { contractView } from '../../src/understand/contract.js';
import type { Understanding } from '../../src/understand/contract.js';

const ASSISTANT = 'coordinator@acme.io';

async function understand(headers: Record<string, string>, body: string, contentType = 'text/plain'): Promise<Understanding> {
  const h = { Subject: 'Project', Date: 'Mon, 03 Mar 2025 09:00:00 +0100', ...headers };
  const raw = `${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}; charset=utf-8\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
  const e = await parseEmail(raw);
  return contractView(understandSync(e, { now: e.date!, timeZone: 'UTC+01:00', assistantAddresses: [ASSISTANT] }));
}
const brief = (from: string, cc: string, body: string, extra: Record<string, string> = {}) =>
  understand({ From: from, To: `Coordinator <${ASSISTANT}>`, Cc: cc, ...extra }, body);

describe('owner columns that say Me / You', () => {
  const headers = { From: 'Priya Shah <priya@acme.io>', To: `Coordinator <${ASSISTANT}>, Omar Haddad <omar@acme.io>`, Date: 'Mon, 03 Mar 2025 09:00:00 -0500' };
  const want = [
    { title: 'Book the venue', owner: 'priya@acme.io', due: '2025-03-07' },
    { title: 'Send the agenda', owner: 'omar@acme.io', due: '2025-03-12' },
    { title: 'Order catering', owner: 'omar@acme.io', due: '2025-03-10' },
  ];
  it('in a pipe table', async () => {
    const u = await understand(headers, "Here's the plan:\n\nTask | Owner | Due\nBook the venue | Me | Friday\nSend the agenda | You | 3/12\nOrder catering | Omar | next Monday\n\nThanks");
    expect(u.tasks).toEqual(want);
  });
  it('in an HTML-only table', async () => {
    const html =
      '<html><body><p>Hi team, here is the plan:</p><table border="1"><thead><tr><th>Task</th><th>Owner</th><th>Due</th></tr></thead><tbody>' +
      '<tr><td>Book the venue</td><td>Me</td><td>Friday</td></tr><tr><td>Send the agenda</td><td>You</td><td>3/12</td></tr>' +
      '<tr><td>Order catering</td><td>Omar</td><td>next Monday</td></tr></tbody></table><p>Thanks,<br>Priya</p></body></html>';
    const u = await understand(headers, html, 'text/html');
    expect(u.tasks).toEqual(want);
  });
  it('in an Outlook HTML table with paragraphs in its cells, and in other languages', async () => {
    const cell = (s: string) => `<td><p class="MsoNormal"><span>${s}</span></p></td>`;
    const row = (...c: string[]) => `<tr>${c.map(cell).join('')}</tr>`;
    const html = `<div><p class="MsoNormal">Hallo Omar,</p><table class="MsoTableGrid">${row('<b>Aufgabe</b>', '<b>Verantwortlich</b>', '<b>Fällig</b>')}${row('Raum buchen', 'Ich', '14.03.')}${row('Agenda verschicken', 'Du', 'Freitag')}</table><p class="MsoNormal">Gruß, Priya</p></div>`;
    const u = await understand(headers, html, 'text/html');
    expect(u.tasks).toEqual([
      { title: 'Raum buchen', owner: 'priya@acme.io', due: '2025-03-14' },
      { title: 'Agenda verschicken', owner: 'omar@acme.io', due: '2025-03-07' },
    ]);
  });
});

describe('commitments in non-English prose', () => {
  it('German: "X wird … bis Freitag <verb>" keeps the final verb, "kümmert sich um", "ich"', async () => {
    const u = await brief(
      'Jonas Weber <jonas.weber@firma.de>',
      'Lena Fischer <lena.fischer@firma.de>, Tobias Braun <tobias.braun@firma.de>',
      'Hallo zusammen,\n\nwir planen den Messestand. Lena wird die Standgrafik bis Freitag fertigstellen. Tobias kümmert sich um die Hotelbuchung bis zum 14.03. Ich schicke die Einladungen an die Kunden bis Mittwoch, 12.03.\n\nViele Grüße\nJonas',
    );
    expect(u.tasks).toEqual([
      { title: 'Die Standgrafik fertigstellen', owner: 'lena.fischer@firma.de', due: '2025-03-07' },
      { title: 'Die Hotelbuchung', owner: 'tobias.braun@firma.de', due: '2025-03-14' },
      { title: 'Schicke die Einladungen an die Kunden', owner: 'jonas.weber@firma.de', due: '2025-03-12' },
    ]);
  });
  it('Spanish: "X va a …", "se encarga de", a first-person future', async () => {
    const u = await brief(
      'Lucía Martín <lucia.martin@empresa.es>',
      'Carlos Ruiz <carlos.ruiz@empresa.es>, Marta Gil <marta.gil@empresa.es>',
      'Hola a todos,\n\nCarlos va a preparar el presupuesto para el viernes. Marta se encarga de revisar los textos antes del martes 11 de marzo. Yo enviaré el informe final el 20 de marzo.\n\nSaludos,\nLucía',
    );
    expect(u.tasks).toEqual([
      { title: 'Preparar el presupuesto', owner: 'carlos.ruiz@empresa.es', due: '2025-03-07' },
      { title: 'Revisar los textos', owner: 'marta.gil@empresa.es', due: '2025-03-11' },
      { title: 'Enviar el informe final', owner: 'lucia.martin@empresa.es', due: '2025-03-20' },
    ]);
  });
  it("French: \"X s'occupe de … d'ici vendredi\", a future, \"je m'occupe de\"", async () => {
    const u = await brief(
      'Claire Dubois <claire.dubois@societe.fr>',
      'Hugo Lefèvre <hugo.lefevre@societe.fr>, Emma Moreau <emma.moreau@societe.fr>',
      "Bonjour à tous,\n\nHugo s'occupe de la maquette d'ici vendredi. Emma préparera les textes de la page d'accueil avant le jeudi 13 mars. Je m'occupe de valider le budget d'ici la fin du mois.\n\nCordialement,\nClaire",
    );
    expect(u.tasks).toEqual([
      { title: 'La maquette', owner: 'hugo.lefevre@societe.fr', due: '2025-03-07' },
      { title: "Préparer les textes de la page d'accueil", owner: 'emma.moreau@societe.fr', due: '2025-03-13' },
      { title: 'Valider le budget', owner: 'claire.dubois@societe.fr', due: '2025-03-31' },
    ]);
  });
  it('Portuguese: "O Pedro vai …", "até sexta-feira", "Eu vou …"', async () => {
    const u = await brief(
      'Ana Costa <ana.costa@empresa.pt>',
      'Pedro Santos <pedro.santos@empresa.pt>, Rita Alves <rita.alves@empresa.pt>',
      'Olá a todos,\n\nO Pedro vai reservar o espaço até sexta-feira. A Rita vai tratar dos convites até 14 de março. Eu vou enviar o orçamento até quarta.\n\nObrigada,\nAna',
    );
    expect(u.tasks).toEqual([
      { title: 'Reservar o espaço', owner: 'pedro.santos@empresa.pt', due: '2025-03-07' },
      { title: 'Tratar dos convites', owner: 'rita.alves@empresa.pt', due: '2025-03-14' },
      { title: 'Enviar o orçamento', owner: 'ana.costa@empresa.pt', due: '2025-03-05' },
    ]);
  });
  it('Italian: "X preparerà …", "si occupa della …"', async () => {
    const u = await brief(
      'Giulia Romano <giulia.romano@azienda.it>',
      'Marco Bianchi <marco.bianchi@azienda.it>, Sara Greco <sara.greco@azienda.it>',
      'Ciao a tutti,\n\nMarco preparerà le foto del catalogo entro venerdì. Sara si occupa della traduzione entro il 14 marzo.\n\nGrazie,\nGiulia',
    );
    expect(u.tasks).toEqual([
      { title: 'Preparerà le foto del catalogo', owner: 'marco.bianchi@azienda.it', due: '2025-03-07' },
      { title: 'Traduzione', owner: 'sara.greco@azienda.it', due: '2025-03-14' },
    ]);
  });
  it('Dutch: "X zal … vóór vrijdag <verb>", "gaat … inrichten"', async () => {
    const u = await brief(
      'Daan de Vries <daan.devries@bedrijf.nl>',
      'Sanne Bakker <sanne.bakker@bedrijf.nl>, Bram Visser <bram.visser@bedrijf.nl>',
      'Hoi allemaal,\n\nSanne zal de offertes van de verhuizers vóór vrijdag opvragen. Bram gaat de nieuwe werkplekken inrichten voor 14 maart.\n\nGroetjes,\nDaan',
    );
    expect(u.tasks).toEqual([
      { title: 'De offertes van de verhuizers opvragen', owner: 'sanne.bakker@bedrijf.nl', due: '2025-03-07' },
      { title: 'De nieuwe werkplekken inrichten', owner: 'bram.visser@bedrijf.nl', due: '2025-03-14' },
    ]);
  });
});

describe('requests addressed by the greeting name', () => {
  const headers = {
    From: 'Priya Shah <priya@acme.io>',
    To: 'Omar Haddad <omar@acme.io>, Felix Braun <felix@acme.io>, Dana Lee <dana@vendor.com>',
    Cc: `Coordinator <${ASSISTANT}>`,
    Date: 'Mon, 03 Mar 2025 09:00:00 -0500',
  };
  it('"Omar, Felix, could you two …" gives one task per person; "Hi Dana, we\'ll need your …" goes to Dana', async () => {
    const u = await understand(headers, "Omar, Felix, could you two pull together the QA checklist by Thursday?\n\nHi Dana, we'll need your rate card by Friday.\n\nThanks,\nPriya");
    expect(u.kind).toBe('thread');
    expect(u.tasks).toEqual([
      { title: 'Pull together the QA checklist', owner: 'omar@acme.io', due: '2025-03-06' },
      { title: 'Pull together the QA checklist', owner: 'felix@acme.io', due: '2025-03-06' },
      { title: 'Send the rate card', owner: 'dana@vendor.com', due: '2025-03-07' },
    ]);
  });
  it('a greeting line names who "you" is in the paragraphs after it', async () => {
    const u = await understand(headers, 'Hi Dana,\n\nCould you send over the signed NDA by Wednesday? We also need your insurance certificate before March 14.\n\nThanks,\nPriya');
    expect(u.tasks).toEqual([
      { title: 'Send over the signed NDA', owner: 'dana@vendor.com', due: '2025-03-05' },
      { title: 'Send the insurance certificate', owner: 'dana@vendor.com', due: '2025-03-14' },
    ]);
  });
  it('a greeting to everyone names nobody', async () => {
    const u = await understand(headers, 'Hi all,\n\nCould you send over the signed NDA by Wednesday?\n\nThanks,\nPriya');
    expect(u.tasks).toEqual([]);
  });
});

describe('nested forwards', () => {
  it('gives each forwarded author their own "I" and "you", however the inner forward is marked', async () => {
    const body = [
      'Can you set this up as a project?',
      '',
      'Begin forwarded message:',
      '',
      'From: Aisha Khan <aisha@acme.io>',
      'Subject: RE: Booth logistics',
      'Date: 28 February 2025 at 16:10:00 GMT-5',
      'To: Tom Baker <tom@acme.io>',
      '',
      "Tom - I'll book the freight by Wednesday.",
      '',
      '-----Original Message-----',
      'From: Marco Rossi <marco@client.com>',
      'Sent: Thursday, February 27, 2025 11:00 AM',
      'To: Aisha Khan <aisha@acme.io>',
      'Cc: Tom Baker <tom@acme.io>',
      'Subject: Booth logistics',
      '',
      'Aisha, could you send me the floor plan by Friday? Tom will confirm the badge list next Monday.',
      '',
      'Thanks,',
      'Marco',
    ].join('\n');
    const u = await understand({ From: 'Tom Baker <tom@acme.io>', To: `Coordinator <${ASSISTANT}>`, Subject: 'FW: RE: Booth logistics', Date: 'Mon, 03 Mar 2025 09:00:00 -0500' }, body);
    expect(u.kind).toBe('brief');
    expect(u.tasks).toEqual([
      { title: 'Book the freight', owner: 'aisha@acme.io', due: '2025-03-05' },
      { title: 'Send me the floor plan', owner: 'aisha@acme.io', due: '2025-03-07' },
      { title: 'Confirm the badge list', owner: 'tom@acme.io', due: '2025-03-10' },
    ]);
  });
  it('reads a ">"-quoted forward inside a forward', async () => {
    const body = [
      'FYI, please track.',
      '',
      '-------- Forwarded Message --------',
      'Subject: Fwd: Booth logistics',
      'Date: Fri, 28 Feb 2025 16:10:00 -0500',
      'From: Aisha Khan <aisha@acme.io>',
      'To: Tom Baker <tom@acme.io>',
      '',
      "I'll book the freight by Wednesday.",
      '',
      '> -------- Forwarded Message --------',
      '> Subject: Booth logistics',
      '> Date: Thu, 27 Feb 2025 11:00:00 +0100',
      '> From: Marco Rossi <marco@client.com>',
      '> To: Aisha Khan <aisha@acme.io>',
      '>',
      "> Aisha, could you send me the floor plan by Friday? I'll confirm the badge list next Monday.",
    ].join('\n');
    const u = await understand({ From: 'Tom Baker <tom@acme.io>', To: `Coordinator <${ASSISTANT}>`, Subject: 'Fwd: Fwd: Booth logistics', Date: 'Mon, 03 Mar 2025 09:00:00 -0500' }, body);
    expect(u.tasks).toEqual([
      { title: 'Book the freight', owner: 'aisha@acme.io', due: '2025-03-05' },
      { title: 'Send me the floor plan', owner: 'aisha@acme.io', due: '2025-03-07' },
      { title: 'Confirm the badge list', owner: 'marco@client.com', due: '2025-03-10' },
    ]);
  });
});

describe('requests in other languages', () => {
  it('German "kannst du bitte …" after a greeting, "Tobias, könntest du … buchen?"', async () => {
    const u = await understand(
      { From: 'Jonas Weber <jonas.weber@firma.de>', To: 'Lena Fischer <lena.fischer@firma.de>', Cc: `Coordinator <${ASSISTANT}>, Tobias Braun <tobias.braun@firma.de>` },
      'Hallo Lena,\n\nkannst du bitte die Preisliste bis Donnerstag aktualisieren? Tobias, könntest du das Hotel bis zum 10.03. buchen?\n\nDanke\nJonas',
    );
    expect(u.tasks).toEqual([
      { title: 'Die Preisliste aktualisieren', owner: 'lena.fischer@firma.de', due: '2025-03-06' },
      { title: 'Das Hotel buchen', owner: 'tobias.braun@firma.de', due: '2025-03-10' },
    ]);
  });
  it('Spanish "Hola Carlos, ¿puedes …?" and "Marta, por favor …"', async () => {
    const u = await understand(
      { From: 'Lucía Martín <lucia.martin@empresa.es>', To: 'Carlos Ruiz <carlos.ruiz@empresa.es>, Marta Gil <marta.gil@empresa.es>', Cc: `Coordinator <${ASSISTANT}>` },
      'Hola Carlos, ¿puedes enviar el presupuesto antes del viernes?\n\nMarta, por favor revisa los textos para el martes 11.\n\nGracias,\nLucía',
    );
    expect(u.tasks).toEqual([
      { title: 'Enviar el presupuesto', owner: 'carlos.ruiz@empresa.es', due: '2025-03-07' },
      { title: 'Revisa los textos', owner: 'marta.gil@empresa.es', due: '2025-03-11' },
    ]);
  });
});
