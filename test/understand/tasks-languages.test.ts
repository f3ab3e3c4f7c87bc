// Briefs in other languages: Polish dates and connectors, Spanish questions opened with "¿" after a name, and
// short forms of first names. Every message here is written for this test.
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/parse/index.js';
import { createRulesEngine } from '../../src/understand/index.js';
import { cliContext } from '../../src/understand/cli-parse.js';
import type { ExtractedTask } from '../../src/understand/contract.js';

async function tasksOf(cc: string, body: string): Promise<ExtractedTask[]> {
  const raw = `From: Ola Kowal <ola@targi.test>\r\nTo: coordinator@targi.test\r\nCc: ${cc}\r\nSubject: Targi\r\nDate: Tue, 12 May 2026 10:00:00 +0200\r\nMessage-ID: <l-${Math.random().toString(36).slice(2)}@targi.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
  const e = await parseEmail(raw);
  return (await createRulesEngine().understand(e, cliContext(e, {}))).tasks;
}
const brief = (ts: ExtractedTask[]) => ts.map((t) => [t.title, t.owner, t.due]);

describe('other languages', () => {
  it('reads Polish weekdays, months and "do" before a date', async () => {
    const ts = await tasksOf('Piotr Nowak <piotr@targi.test>, Ewa Lis <ewa@targi.test>', `Cześć,

1. Piotr – zarezerwować stoisko do piątku
2. Ewa przygotuje ulotki do 3 czerwca
3. Ja zamówię hotel.

Pozdrawiam,
Ola`);
    expect(brief(ts)).toEqual([
      ['Zarezerwować stoisko', 'piotr@targi.test', '2026-05-15'],
      ['Przygotuje ulotki', 'ewa@targi.test', '2026-06-03'],
      ['Zamówię hotel', 'ola@targi.test', null],
    ]);
  });

  it('reads a Spanish request whose question mark opens after the name, to a short form of a first name', async () => {
    const ts = await tasksOf('Inmaculada Ruiz <inma.r@targi.test>', 'Hola,\n\nInma, ¿podrías reservar el hotel para el viernes?\n\nGracias');
    expect(brief(ts)).toEqual([['Reservar el hotel', 'inma.r@targi.test', '2026-05-15']]);
  });

  it('does not read "is on leave" as an assignment', async () => {
    const ts = await tasksOf('Piotr Nowak <piotr@targi.test>', 'Hi,\n\nPiotr is on leave this week, so Ewa will cover the stand booking by Friday.\n\nOla');
    expect(brief(ts)).toEqual([['Cover the stand booking', 'Ewa', '2026-05-15']]);
  });
});
