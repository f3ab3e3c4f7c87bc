// Whole replies, written for this test, through parse and understand: the command comes from the new
// text wherever the client put it (top-posted, bottom-posted under the quote, between quoted lines,
// above a mobile footer or an Outlook.com header block), and the quoted nudge's own words never decide.
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/parse/index.js';
import { understandSync } from '../../src/understand/index.js';

const ASSISTANT = 'coordinator@harbour.example';
const NUDGE = ['Hi Nadia,', '', 'A reminder from the Pier 4 refit project:', '', '  Order the replacement pump seals', '  Due: Friday, June 12', '', 'Reply "done", "blocked – waiting on …", "snooze until Monday", "reassign to name@example.com" or "decline".'];
const quoted = NUDGE.map((l) => `> ${l}`.trimEnd());

async function command(body: string, cc = '') {
  const headers = [
    'From: Nadia Farouk <nadia@harbour.example>', `To: Coordinator <${ASSISTANT}>`, ...(cc ? [`Cc: ${cc}`] : []),
    'Subject: Re: Reminder: Order the replacement pump seals', 'Date: Tue, 09 Jun 2026 10:15:00 +0100',
    'Message-ID: <r1@harbour.example>', 'In-Reply-To: <nudge.1@harbour.example>', 'References: <nudge.1@harbour.example>',
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8',
  ];
  const e = await parseEmail(`${headers.join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`);
  const u = understandSync(e, { now: e.date!, timeZone: 'Europe/London', assistantAddresses: [ASSISTANT], repliesToAssistant: true });
  expect(u.kind).toBe('reply');
  return u.command;
}

describe('where the answer sits', () => {
  it('bottom-posted under a Thunderbird attribution', async () => {
    const c = await command(['On 09/06/2026 07:00, Coordinator wrote:', ...quoted, '', "We're stuck until the supplier confirms the sizes.", '', 'Nadia'].join('\n'));
    expect(c?.action).toBe('blocked');
    expect(c?.reason).toContain('supplier confirms the sizes');
  });

  it('bottom-posted under an "Original Message" block', async () => {
    const c = await command(['----- Original Message -----', `From: "Coordinator" <${ASSISTANT}>`, 'To: "Nadia Farouk" <nadia@harbour.example>', 'Sent: Tuesday, June 9, 2026 7:00:00 AM', 'Subject: Reminder: Order the replacement pump seals', '', ...quoted, '', 'Could we push this back to the 19th? The yard is closed next week.'].join('\n'));
    expect(c).toMatchObject({ action: 'reschedule', due: '2026-06-19' });
  });

  it('top-posted from a phone, above the footer and the quote', async () => {
    const c = await command(['Ordered them this morning 👍', '', 'Sent from my iPhone', '', `On 9 Jun 2026, at 07:00, Coordinator <${ASSISTANT}> wrote:`, '', ...quoted].join('\n'));
    expect(c?.action).toBe('done');
  });

  it('above an Outlook.com separator and a German header block', async () => {
    const c = await command(['Bitte erinnere mich nächste Woche daran.', '', '________________________________', `Von: Coordinator <${ASSISTANT}>`, 'Gesendet: Dienstag, 9. Juni 2026 07:00', 'An: Nadia Farouk <nadia@harbour.example>', 'Betreff: Reminder: Order the replacement pump seals', '', ...NUDGE].join('\n'));
    expect(c?.action).toBe('snooze');
  });

  it('a reply that only quotes the nudge and says thanks has no command, whatever the nudge lists', async () => {
    expect(await command(['Thanks!', '', 'On 09/06/2026 07:00, Coordinator wrote:', ...quoted].join('\n'))).toBeNull();
  });

  it('a reassignment to the colleague in Cc, named as "her"', async () => {
    const c = await command(['Mei runs purchasing for the pier now, please hand this over to her.', '', ...quoted].join('\n'), 'Mei Tan <mei.tan@harbour.example>');
    expect(c).toMatchObject({ action: 'reassign', owner: 'mei.tan@harbour.example' });
  });

  it('answers between the quoted items of a digest keep their item numbers', async () => {
    const digest = ['> Your open items:', '> 1. Order the replacement pump seals (due Fri 12 June)', '> 2. Book the crane for the lift (due Mon 15 June)'];
    const c = await command([`On 09/06/2026 07:00, Coordinator wrote:`, digest[0]!, digest[1]!, 'Ordered yesterday.', digest[2]!, 'push to next Thursday', '', 'Nadia'].join('\n'));
    expect(c).toMatchObject({ action: 'done', items: [1] });
  });
});
