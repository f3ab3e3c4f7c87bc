// Free-worded replies to a nudge or digest, in sentences written for this test: each way of writing a
// command, the numbered forms, several languages, and look-alikes that must never become commands.
import { describe, expect, it } from 'vitest';
import { makeDateCtx } from '../../src/understand/dates.js';
import { People } from '../../src/understand/people.js';
import { mixedReply, parseCommand, parseGrammar, readReply, THRESHOLD } from '../../src/understand/replies/index.js';

// Tue 9 June 2026, 10:00 in Dublin
const dates = makeDateCtx(new Date('2026-06-09T09:00:00Z'), 'Europe/Dublin', true);
const people = new People([]);
people.add({ address: 'sam.okafor@example.org', name: 'Sam Okafor' });
people.add({ address: 'lena.berg@example.org', name: 'Lena Berg' });
const read = (t: string, cc: string[] = []) => parseCommand(t, { dates, people, ccAddresses: cc });

describe('free wording, English', () => {
  it.each([
    ['finished it over the weekend', 'done'],
    ['Wrapped this up yesterday, the report is on the drive.', 'done'],
    ["It's done – uploaded to the portal.", 'done'],
    ['All booked, invoice to follow.', 'done'],
    ["We've sent it to the printer.", 'done'],
    ['You can close this one out, the vendor confirmed.', 'done'],
    ["We're stuck until legal signs the NDA.", 'blocked'],
    ["Can't start until the vendor replies with the specs.", 'blocked'],
    ['Still waiting on finance to release the budget.', 'blocked'],
    ['Held up by the landlord – no keys yet.', 'blocked'],
    ["Not finished yet, the client still hasn't sent the logo files.", 'blocked'],
    ['Not done yet, about two thirds of the way through and on track.', 'progress'],
    ['Making progress: 5 of the 8 rooms are painted.', 'progress'],
    ['Halfway through the inventory count.', 'progress'],
    ["Won't get to this before the 20th.", 'reschedule'],
    ["Let's aim for the 19th instead.", 'reschedule'],
    ['Could we push it back to next Tuesday?', 'reschedule'],
    ['Can I get until Friday on this one?', 'reschedule'],
    ["I'm out next week, remind me after.", 'snooze'],
    ['Please remind me again on Monday.', 'snooze'],
    ['Snooze this for a week please.', 'snooze'],
    ['Sam knows this better, pass it to him.', 'reassign'],
    ['Could you hand this over to Lena?', 'reassign'],
    ['Please reassign to sam.okafor@example.org.', 'reassign'],
    ['Not the right person for this, sorry.', 'decline'],
    ['Someone else should own this – I moved teams.', 'decline'],
    ["I won't be able to take this on.", 'decline'],
    ['Where are we on this? What is still open for the launch?', 'status'],
    ["Can you send me a list of what's still outstanding?", 'status'],
    ['How do I tell you something is waiting on another team?', 'help'],
    ['Is there a list of words I can reply with?', 'help'],
    ['Please stop emailing me these reminders.', 'unsubscribe'],
    ['Unsubscribe me from the weekly digest.', 'unsubscribe'],
  ])('%s → %s', (text, action) => expect(read(text)?.action).toBe(action));
});

describe('numbered forms on digests and batched nudges', () => {
  it.each([
    ['2 done, 4 push to next Tue', 'done', [2]],
    ['1 ✅ 3 blocked on finance', 'done', [1]],
    ['3 – blocked on finance, they have not signed.', 'blocked', [3]],
    ['#2: move to Friday please', 'reschedule', [2]],
    ['1 and 3 are done. 2 is waiting on the council.', 'done', [1, 3]],
  ])('%s → %s %j', (text, action, items) => {
    const c = read(text);
    expect(c?.action).toBe(action);
    expect(c?.items).toEqual(items);
  });

  it('never reads a count, a date or a percentage as an item number', () => {
    expect(read('Making progress – 9 of the 12 stories are written.')?.items).toBeUndefined();
    expect(read('Please remind me again on 15 June.')?.items).toBeUndefined();
    expect(read('Can we move this to June 30?')?.items).toBeUndefined();
  });
});

describe('other languages', () => {
  it.each([
    ['Erledigt, die Rechnung ist raus.', 'done'],
    ['Noch nicht fertig – wir warten auf die Freigabe vom Kunden.', 'blocked'],
    ['Können wir das auf nächsten Freitag verschieben?', 'reschedule'],
    ["C'est fait, le devis est signé.", 'done'],
    ["Bloqué : j'attends la réponse du fournisseur.", 'blocked'],
    ['Hecho, ya está en la carpeta compartida.', 'done'],
    ['Todavía no, estoy esperando la factura del proveedor.', 'blocked'],
    ['¿Podemos aplazar esto al viernes?', 'reschedule'],
    ['Concluído, enviei ontem.', 'done'],
    ['Ainda não, estou aguardando o jurídico.', 'blocked'],
    ['Fatto, il file è nella cartella.', 'done'],
    ['Non ancora, aspetto la conferma del cliente.', 'blocked'],
    ['Klaar, de offerte is verstuurd.', 'done'],
    ['Nog niet klaar, we wachten op de gemeente.', 'blocked'],
  ])('%s → %s', (text, action) => expect(read(text)?.action).toBe(action));
});

describe('dates and owners', () => {
  it('resolves the date of a reschedule and of a snooze', () => {
    expect(read("Won't get to this before the 20th.")?.due).toBe('2026-06-20');
    expect(read('2 done, 4 push to next Tue')?.due).toBeNull();
    expect(read('4 push to next Tue')?.due).toBe('2026-06-16');
    expect(read('Please remind me again on Monday.')?.due).toBe('2026-06-15');
  });
  it('resolves the new owner from an address, a known name or a pronoun for the one in Cc', () => {
    expect(read('Please reassign to sam.okafor@example.org.')?.owner).toBe('sam.okafor@example.org');
    expect(read('Could you hand this over to Lena?')?.owner).toBe('lena.berg@example.org');
    expect(read('Sam knows this better, pass it to him.', ['sam.okafor@example.org'])?.owner).toBe('sam.okafor@example.org');
  });
  it('keeps the reason of a blocked reply', () => {
    expect(read('Blocked – the crane hire firm has not confirmed a slot.')?.reason).toContain('crane hire firm');
  });
});

describe('look-alikes are not commands', () => {
  it.each([
    'Thanks, will do.',
    'Got it, thanks!',
    'Noted – I am travelling Thursday so replies may be slow.',
    'Lena – is the venue booked? I need it for the agenda.',
    'Sam, did you already send the deck?',
    'FYI the board moved its meeting to 30 June, nothing changes for us.',
    'Is this finished?',
    'Great news about the funding!',
    'The vendor said they will send the specs soon.',
    'Who is doing the catering?',
    'Looks good to me.',
  ])('%s → null', (t) => expect(read(t)).toBeNull());

  it('a quoted nudge, a signature or a disclaimer never decides', () => {
    expect(read('Thanks\n\nSam Okafor\nDone Right Plumbing Ltd')).toBeNull();
  });

  it('gives a confidence, and below the threshold it is not a command', () => {
    const r = readReply('Done – uploaded this morning.', { dates });
    expect(r?.confidence).toBeGreaterThanOrEqual(THRESHOLD);
    expect(readReply('The vendor has shipped the parts to the warehouse.', { dates })).toBeNull();
  });
});

describe('the closed grammar with the item first, as digest answers are written', () => {
  const grammar = (t: string) => parseGrammar(t, dates).map((i) => (i.type === 'command' ? i.command : i.type));
  it.each([
    ['2 push to Friday', { action: 'reschedule', items: [2], due: '2026-06-12' }],
    ['#3 – snooze until Monday', { action: 'snooze', items: [3], due: '2026-06-15' }],
    ['1: give to lena.berg@example.org', { action: 'reassign', items: [1], owner: 'lena.berg@example.org' }],
    ['4 decline', { action: 'decline', items: [4] }],
  ])('%s', (text, want) => expect(grammar(text)).toEqual([expect.objectContaining(want)]));

  it('one item-first line per command reads as several commands, not a mixed reply to confirm', () => {
    expect(grammar('2 done\n4 push to next Tue')).toEqual([expect.objectContaining({ action: 'done', items: [2] }), expect.objectContaining({ action: 'reschedule', items: [4] })]);
    expect(mixedReply('2 done\n4 push to next Tue', dates, (c) => parseCommand(c, { dates }))).toBeNull();
  });
});

describe('boundaries between actions', () => {
  it.each([
    ["I can't take this on, but Lena can – please pass it to her.", 'reassign'],
    ["I can't take this on and I don't know who can.", 'decline'],
    ['The 18th is too tight, can we go for the 25th?', 'reschedule'],
    ['Can we look at this the following week instead?', 'reschedule'],
    ['Not finished – still waiting for the survey results.', 'blocked'],
    ['Not finished, but two of the three rooms are painted.', 'progress'],
    ['Nearly complete, only the labels left.', 'progress'],
    ['The tiles were delivered and fitted this morning.', 'done'],
    ['Can the deadline be moved to 30 June?', 'reschedule'],
    ['Please stop emailing me about this project.', 'unsubscribe'],
  ])('%s → %s', (text, action) => expect(read(text, ['lena.berg@example.org'])?.action).toBe(action));

  it.each([
    'Should I hand this over to Lena?',
    "Lena's part is finished, mine isn't.",
    "Can you snooze Sam's reminder? He is on leave.",
    'If the vendor is late, we are stuck.',
    "I'm waiting to hear whether I'm still on this project.",
    'The photocopier is stuck again.',
    'What does "blocked" mean here?',
    'Let the coordinator know once the deck is sent.',
    "I'll do it on Monday.",
  ])('not a command: %s', (t) => expect(read(t)).toBeNull());
});

