// Meeting requests in the ways people ask for them, in several languages, and who they include. Every
// message here is written for this test.
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/parse/index.js';
import { createRulesEngine } from '../../src/understand/index.js';
import { cliContext } from '../../src/understand/cli-parse.js';
import type { Understanding } from '../../src/understand/contract.js';

const HEAD =
  'From: Dana Fox <dana.fox@lumen.test>\r\nTo: Coordinator <coordinator@lumen.test>\r\nCc: Tom Reyes <tom.reyes@lumen.test>, Dr. Priya Shah <priya.shah@lumen.test>\r\nSubject: Open day\r\nDate: Mon, 4 May 2026 09:00:00 +0100';

async function understand(body: string): Promise<Understanding> {
  const raw = `${HEAD}\r\nMessage-ID: <m-${Math.random().toString(36).slice(2)}@lumen.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
  const e = await parseEmail(raw);
  return createRulesEngine().understand(e, cliContext(e, {}));
}
const everyone = ['dana.fox@lumen.test', 'priya.shah@lumen.test', 'tom.reyes@lumen.test'];

describe('meeting requests', () => {
  it.each([
    ["I'd also like a 30-min check-in with Tom and Priya sometime next week.", everyone],
    ['Could you get the three of us on a 45-minute call on Tuesday or Wednesday next week?', everyone],
    ['Can you set up a walk-through of the venue with Priya and Tom next week? An hour should do.', ['priya.shah@lumen.test', 'tom.reyes@lumen.test']],
    ['Kannst du bitte ein Kick-off (30 Minuten) mit uns dreien ansetzen, am besten nächste Woche?', everyone],
    ['Could we also get 30 mins next week, just the three of us, to agree the running order?', everyone],
    ['Por favor agenda una reunión de una hora con Tom, Priya y conmigo la próxima semana.', everyone],
  ])('"%s" asks for a meeting with the right people', async (line, who) => {
    const u = await understand(`Hi,\n\nNew project for the open day.\n\n${line}\n\nThanks,\nDana`);
    expect(u.meeting).not.toBeNull();
    expect([...u.meeting!.attendees].sort()).toEqual([...who].sort());
  });

  it('does not take an agenda or a meeting that is only mentioned for a request', async () => {
    const u = await understand('Hi,\n\nThe board moved its meeting to the 21st, so the budget needs to be on the agenda by the 14th. Tom, can you make sure of that?\n\nDana');
    expect(u.meeting).toBeNull();
  });
});
