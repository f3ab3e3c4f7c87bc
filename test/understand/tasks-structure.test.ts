// Briefs read by their layout: tables with owner/due columns, owners written around list items, and the
// casual one-line brief. Every message here is written for this test.
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/parse/index.js';
import { createRulesEngine } from '../../src/understand/index.js';
import { cliContext } from '../../src/understand/cli-parse.js';
import type { ExtractedTask } from '../../src/understand/contract.js';

const HEAD =
  'From: Dana Fox <dana.fox@lumen.test>\r\nTo: Coordinator <coordinator@lumen.test>\r\nCc: Tom Reyes <tom.reyes@lumen.test>, Priya Shah <priya.shah@lumen.test>, Ana Kovac <ana.kovac@lumen.test>\r\nSubject: Open day\r\nDate: Mon, 4 May 2026 09:00:00 +0100';

async function tasksOf(body: string, headers = HEAD): Promise<ExtractedTask[]> {
  const raw = `${headers}\r\nMessage-ID: <s-${Math.random().toString(36).slice(2)}@lumen.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
  const e = await parseEmail(raw);
  return (await createRulesEngine().understand(e, cliContext(e, {}))).tasks;
}
const brief = (ts: ExtractedTask[]) => ts.map((t) => [t.title, t.owner, t.due]);

describe('tables', () => {
  it('reads a pipe table through its header: owner names resolve to addresses, TBD and done rows are handled', async () => {
    const ts = await tasksOf(`Plan for the open day:

| Action                 | Who    | Deadline | Status |
|------------------------|--------|----------|--------|
| Print the campus maps  | Tom    | 8 May    | open   |
| Book the food trucks   | Priya  | 12/05    | open   |
| Hire a photographer    | TBD    |          | open   |
| Reserve the main hall  | Ana    | 6 May    | done   |
`);
    expect(brief(ts)).toEqual([
      ['Print the campus maps', 'tom.reyes@lumen.test', '2026-05-08'],
      ['Book the food trucks', 'priya.shah@lumen.test', '2026-05-12'],
      ['Hire a photographer', null, null],
    ]);
  });

  it('reads columns aligned with spaces, and "me" in the owner column is the sender', async () => {
    const ts = await tasksOf(`Task                      Owner     Due
Order the welcome packs   Ana       Friday
Write the visitor email   me        15 May
`);
    expect(brief(ts)).toEqual([
      ['Order the welcome packs', 'ana.kovac@lumen.test', '2026-05-08'],
      ['Write the visitor email', 'dana.fox@lumen.test', '2026-05-15'],
    ]);
  });

  it('reads column headers in another language', async () => {
    const ts = await tasksOf(`Aufgabe\tVerantwortlich\tFällig
Lageplan drucken\tTom\t08.05.
`);
    expect(brief(ts)).toEqual([['Lageplan drucken', 'tom.reyes@lumen.test', '2026-05-08']]);
  });
});

describe('owners around list items', () => {
  it('finds the owner in brackets, after a dash, before an arrow, in tags and in an Owner: line', async () => {
    const ts = await tasksOf(`Hi all,

- Print the campus maps (Tom), by Friday
- Book the food trucks – Priya – by 12/05
- Hang the banners [Ana, by the 9th]
Ana → confirm the parking marshals by the 11th
[TR] Collect the lanyards from the printer
* Draft the visitor survey
  Owner: me
  Due: 14 May

Thanks,
Dana`);
    expect(brief(ts)).toEqual([
      ['Print the campus maps', 'tom.reyes@lumen.test', '2026-05-08'],
      ['Book the food trucks', 'priya.shah@lumen.test', '2026-05-12'],
      ['Hang the banners', 'ana.kovac@lumen.test', '2026-05-09'],
      ['Confirm the parking marshals', 'ana.kovac@lumen.test', '2026-05-11'],
      ['Collect the lanyards from the printer', 'tom.reyes@lumen.test', null],
      ['Draft the visitor survey', 'dana.fox@lumen.test', '2026-05-14'],
    ]);
  });

  it('reads "work - Name - date" lines without bullets, and "Name is … and will …"', async () => {
    const ts = await tasksOf(`Deadlines:
   welcome desk - Ana - May 20
   parking plan - Tom - May 22

Priya is our contact at the council and will send the road-closure permit this week.`);
    expect(brief(ts)).toEqual([
      ['Welcome desk', 'ana.kovac@lumen.test', '2026-05-20'],
      ['Parking plan', 'tom.reyes@lumen.test', '2026-05-22'],
      ['Send the road-closure permit', 'priya.shah@lumen.test', null],
    ]);
  });

  it('keeps an item\'s goal when a clause after the dash says who does what for it', async () => {
    const ts = await tasksOf('- Replace the stage lighting – I\'ll get quotes in by Friday');
    expect(brief(ts)).toEqual([['Get quotes in to replace the stage lighting', 'dana.fox@lumen.test', '2026-05-08']]);
  });

  it('gives a shared item one task per owner and leaves "TBD" unowned', async () => {
    const ts = await tasksOf(`- Walk the route with security – Tom and Ana – by Thursday
- Find a second caterer – TBD`);
    expect(brief(ts)).toEqual([
      ['Walk the route with security', 'tom.reyes@lumen.test', '2026-05-07'],
      ['Walk the route with security', 'ana.kovac@lumen.test', '2026-05-07'],
      ['Find a second caterer', null, null],
    ]);
  });

  it('reads an owner on either side of a colon, an aside after a name, and "no owner yet"', async () => {
    const ts = await tasksOf(`- You: print the name badges by Friday
- Badges lanyards: @Priya, by 12/05
- Tom (our runner) will fetch the ice on the morning
- Someone has to order the balloons; no owner yet`, HEAD.replace('To: Coordinator <coordinator@lumen.test>', 'To: Coordinator <coordinator@lumen.test>, Ana Kovac <ana.kovac@lumen.test>').replace(', Ana Kovac <ana.kovac@lumen.test>\r\nSubject', '\r\nSubject'));
    expect(brief(ts)).toEqual([
      ['Print the name badges', 'ana.kovac@lumen.test', '2026-05-08'],
      ['Badges lanyards', 'priya.shah@lumen.test', '2026-05-12'],
      ['Fetch the ice on the morning', 'tom.reyes@lumen.test', null],
      ['Order the balloons', null, null],
    ]);
  });

  it('does not take the addressee of a sentence for an owner tag', async () => {
    const ts = await tasksOf(`Tom – the maps look good. Please send the final version to the printer by Friday.`);
    expect(ts.every((t) => !/maps look good/i.test(t.title))).toBe(true);
  });

  it('does not take a deadline word for a name', async () => {
    const ts = await tasksOf(`- Someone needs to order the signage - ASAP`);
    expect(brief(ts)).toEqual([['Order the signage', null, null]]);
  });
});

describe('field blocks and handles', () => {
  it('reads "Action: / Owner: / Deadline:" blocks without bullets', async () => {
    const ts = await tasksOf(`Action: Book the minibus
Owner: Tom
Deadline: 20 May

Action: Print the programmes
Owner: me
Deadline: TBD`);
    expect(brief(ts)).toEqual([
      ['Book the minibus', 'tom.reyes@lumen.test', '2026-05-20'],
      ['Print the programmes', 'dana.fox@lumen.test', null],
    ]);
  });

  it('reads @handles that open sentences in running prose, and "I need someone to …"', async () => {
    const ts = await tasksOf(`Checklist below. @tom please own the welcome speech (due 19/5). @priya – volunteer rota by Monday. I need someone to test the PA system before the day.`);
    expect(brief(ts)).toEqual([
      ['Handle the welcome speech', 'tom.reyes@lumen.test', '2026-05-19'],
      ['Volunteer rota', 'priya.shah@lumen.test', '2026-05-11'],
      ['Test the PA system', null, null],
    ]);
  });
});

describe('prose', () => {
  it('reads a casual one-line brief: "make sure Tom sends … and Priya books …"', async () => {
    const ts = await tasksOf('can you make sure Tom sends the deck Thursday and Priya books the venue');
    expect(brief(ts)).toEqual([
      ['Send the deck', 'tom.reyes@lumen.test', '2026-05-07'],
      ['Book the venue', 'priya.shah@lumen.test', null],
    ]);
  });

  it('reads "Name to do X", "can you and Name …" and a commitment joined with "so I\'ll"', async () => {
    const ts = await tasksOf(`Tom to collect the banners by Wednesday. Priya, can you and Ana test the sound system by the 9th?
The hall is free in the morning, so I'll set up the chairs on Friday.`);
    expect(brief(ts)).toEqual([
      ['Collect the banners', 'tom.reyes@lumen.test', '2026-05-06'],
      ['Test the sound system', 'priya.shah@lumen.test', '2026-05-09'],
      ['Test the sound system', 'ana.kovac@lumen.test', '2026-05-09'],
      ['Set up the chairs', 'dana.fox@lumen.test', '2026-05-08'],
    ]);
  });

  it('gives "we need X done" to the person a follow-up sentence names, and never to a task of another paragraph', async () => {
    const ts = await tasksOf(`- Print the campus maps (Tom), by Friday

Before the open day we need the seating plan done. Ana, that one's yours.`);
    expect(brief(ts)).toEqual([
      ['Print the campus maps', 'tom.reyes@lumen.test', '2026-05-08'],
      ['The seating plan', 'ana.kovac@lumen.test', null],
    ]);
    const lone = await tasksOf(`- Print the campus maps (Tom), by Friday

Ana, that one's yours.`);
    expect(brief(lone)).toEqual([['Print the campus maps', 'tom.reyes@lumen.test', '2026-05-08']]);
  });

  it('reads "it" and "those" from the sentence before, and a deadline given in the next sentence', async () => {
    const ts = await tasksOf(`Quick one: I can't take on the venue booking after all, as I'm away next week. Ana, could you cover it? It needs to be done by the 14th.

Tom – the raffle prizes arrived, but we still need two more. Can you order those by Friday?`);
    expect(brief(ts)).toEqual([
      ['Cover the venue booking', 'ana.kovac@lumen.test', '2026-05-14'],
      ['Order the raffle prizes', 'tom.reyes@lumen.test', '2026-05-08'],
    ]);
  });

  it('reads lines written as sentences without full stops, "I\'m on …", "Can someone …?" and a date given on its own', async () => {
    const ts = await tasksOf(`Ana owns the signage
I'm on the insurance paperwork, aim for next Wednesday
Can someone chase the electrician? No rush.

Tom, could you update the floor map and reprint the badges? Ideally by Thursday.`);
    expect(brief(ts)).toEqual([
      ['Handle the signage', 'ana.kovac@lumen.test', null],
      ['Handle the insurance paperwork', 'dana.fox@lumen.test', '2026-05-13'],
      ['Chase the electrician', null, null],
      ['Update the floor map and reprint the badges', 'tom.reyes@lumen.test', '2026-05-07'],
    ]);
  });

  it('splits one person\'s two dated pieces of work, gives "Ana and Tom need to …" to both, and skips a dated event', async () => {
    const ts = await tasksOf(`The open day is on the 23rd.
Tom will print the maps by Thursday and book the minibus by the 15th.
Ana and Tom need to agree the parking plan before the open day.
Priya will draft the welcome email and send it to the parents by Friday.`);
    expect(brief(ts)).toEqual([
      ['Print the maps', 'tom.reyes@lumen.test', '2026-05-07'],
      ['Book the minibus', 'tom.reyes@lumen.test', '2026-05-15'],
      ['Agree the parking plan', 'ana.kovac@lumen.test', null],
      ['Agree the parking plan', 'tom.reyes@lumen.test', null],
      ['Draft the welcome email and send it to the parents', 'priya.shah@lumen.test', '2026-05-08'],
    ]);
  });

  it('gives the items under "what we need from your side:" to the reader', async () => {
    const ts = await tasksOf(`Priya,

Here is what we need from your side before the open day:

- Choose the caterer by the 14th
- Confirm the parking passes

Tom`, HEAD.replace('To: Coordinator <coordinator@lumen.test>', 'To: Priya Shah <priya.shah@lumen.test>').replace(', Priya Shah <priya.shah@lumen.test>', ', Coordinator <coordinator@lumen.test>').replace('From: Dana Fox <dana.fox@lumen.test>', 'From: Tom Reyes <tom.reyes@lumen.test>').replace('Cc: Tom Reyes <tom.reyes@lumen.test>, ', 'Cc: '));
    expect(brief(ts)).toEqual([
      ['Choose the caterer', 'priya.shah@lumen.test', '2026-05-14'],
      ['Confirm the parking passes', 'priya.shah@lumen.test', null],
    ]);
  });

  it('reads "Sure, I can have X to you by …" as a promise, "I can send it" without a date as an offer', async () => {
    const ts = await tasksOf('Sure, I can have the budget to you by Wednesday. I can also send the old figures if useful.');
    expect(brief(ts)).toEqual([['Have the budget to you', 'dana.fox@lumen.test', '2026-05-06']]);
  });

  it('reads "X is on Name" as Name\'s work and drops "myself" from a title', async () => {
    const ts = await tasksOf('The raffle is on Priya; I\'ll handle the seating plan myself.');
    expect(brief(ts)).toEqual([
      ['Handle the raffle', 'priya.shah@lumen.test', null],
      ['Handle the seating plan', 'dana.fox@lumen.test', null],
    ]);
  });

  it('reads "he\'ll …" as the commitment of the person the clause before was about, and a commitment after a colon', async () => {
    const ts = await tasksOf("Tom picked the blue banners; he'll place the order tomorrow. The signs need checking, so that one's mine: I'll check the signs by Friday.");
    expect(brief(ts)).toEqual([
      ['Place the order', 'tom.reyes@lumen.test', '2026-05-05'],
      ['Check the signs', 'dana.fox@lumen.test', '2026-05-08'],
    ]);
  });

  it('keeps a confidence and the source words with every task', async () => {
    const ts = await tasksOf(`- Print the campus maps (Tom), by Friday\n\nI might look at balloons, not sure.`);
    expect(ts.length).toBeGreaterThan(0);
    for (const t of ts) {
      expect(t.confidence).toBeGreaterThan(0);
      expect(t.confidence).toBeLessThanOrEqual(1);
      expect(t.evidence).toMatch(/\S/);
    }
    expect(ts[0]!.evidence).toContain('campus maps');
  });
});
