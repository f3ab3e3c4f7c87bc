// Notes to the assistant, greetings, project names and forwarded meeting requests in briefs.
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/parse/index.js';
import { createRulesEngine } from '../../src/understand/index.js';
import { projectName, subjectName } from '../../src/understand/index.js';
import { cliContext } from '../../src/understand/cli-parse.js';
import { meetingTitle } from '../../src/understand/meeting.js';
import { contractView, type Understanding } from '../../src/understand/contract.js';

const msg = (headers: string, body: string) =>
  `${headers}\r\nMessage-ID: <t-${Math.random().toString(36).slice(2)}@mail.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;

async function understand(raw: string, assistants?: string[]): Promise<Understanding> {
  const e = await parseEmail(raw);
  const ctx = cliContext(e, {});
  if (assistants) ctx.assistantAddresses = [...ctx.assistantAddresses, ...assistants];
  // the contract's fields only: confidence and evidence are checked in tasks-structure.test.ts
  return contractView(await createRulesEngine().understand(e, ctx));
}

const GREETING_IN_NAME = /^(?:hi|hello|hey|dear|hallo|bonjour|hola|ciao|ol[áa])\b/i;

// Jonas forwards Elena's plan (Apple Mail style) to the assistant, with Lee and Ruth in Cc.
const appleForward = (note: string, request: string) =>
  msg(
    'From: Jonas Weber <jonas.weber@fenwick.test>\r\nTo: Coordinator <coordinator@fenwick.test>\r\nCc: Lee Park <lee.park@fenwick.test>, Ruth Obi <ruth.obi@fenwick.test>\r\nSubject: Fwd: Kickoff: Harbor bridge repaint\r\nDate: Tue, 14 Apr 2026 08:30:00 +0200',
    `${note}

Begin forwarded message:

From: Elena Rossi <elena.rossi@fenwick.test>
Subject: Harbor bridge repaint
Date: 13 April 2026 at 17:02:11 CEST
To: Jonas Weber <jonas.weber@fenwick.test>
Cc: Lee Park <lee.park@fenwick.test>, Ruth Obi <ruth.obi@fenwick.test>

Hi Jonas,

- Lee: order the primer samples by Friday
- Ruth: draft the traffic diversion plan by April 24

${request}

Best,
Elena`,
  );

describe('requests aimed at the assistant are not tasks', () => {
  it('drops the forwarder\'s "Hello Coordinator, please handle this for us" note', async () => {
    const u = await understand(appleForward('Hello Coordinator, please handle this for us.', 'Could you book a one-hour kickoff with Lee, Ruth and me next week?'));
    expect(u.kind).toBe('brief');
    expect(u.tasks.map((t) => t.title.toLowerCase()).some((t) => /handle this/.test(t))).toBe(false);
    expect(u.tasks.map((t) => t.owner).sort()).toEqual(['lee.park@fenwick.test', 'ruth.obi@fenwick.test']);
  });

  it.each([
    'Coordinator, please track this.',
    'Hi Coordinator — can you run this one for us? Thanks!',
    'Hey assistant, please take this on for us.',
    'Please handle this.',
    'Could you run this for us please?',
  ])('drops the note %j at the top of a direct brief', async (note) => {
    const u = await understand(
      msg(
        'From: Nadia Haddad <nadia.haddad@quill.test>\r\nTo: Coordinator <coordinator@quill.test>\r\nCc: Omar Said <omar.said@quill.test>\r\nSubject: Warehouse label printers\r\nDate: Mon, 9 Mar 2026 10:00:00 +0000',
        `${note}\n\n- Omar: get three quotes for label printers by Friday\n\nThanks,\nNadia`,
      ),
    );
    expect(u.tasks).toEqual([{ title: 'Get three quotes for label printers', owner: 'omar.said@quill.test', due: '2026-03-13' }]);
  });

  it('treats a greeting to the assistant under its own display name as a note to it', async () => {
    const u = await understand(
      msg(
        'From: Nadia Haddad <nadia.haddad@quill.test>\r\nTo: Ava <ava@quill.test>\r\nCc: Omar Said <omar.said@quill.test>\r\nSubject: Warehouse label printers\r\nDate: Mon, 9 Mar 2026 10:00:00 +0000',
        'Hi Ava, please run this one for us.\n\nOmar, could you get three quotes for label printers by Friday?\n\nThanks,\nNadia',
      ),
      ['ava@quill.test'],
    );
    expect(u.tasks).toEqual([{ title: 'Get three quotes for label printers', owner: 'omar.said@quill.test', due: '2026-03-13' }]);
  });

  it('still makes a task when a colleague is asked to run something in a thread', async () => {
    const u = await understand(
      msg(
        'From: Nadia Haddad <nadia.haddad@quill.test>\r\nTo: Omar Said <omar.said@quill.test>\r\nCc: Coordinator <coordinator@quill.test>\r\nSubject: Stocktake\r\nDate: Mon, 9 Mar 2026 10:00:00 +0000',
        'Omar, can you run the stocktake report for us by Thursday?\n\nThanks,\nNadia',
      ),
    );
    expect(u.kind).toBe('thread');
    expect(u.tasks).toHaveLength(1);
    expect(u.tasks[0]!.owner).toBe('omar.said@quill.test');
    expect(u.tasks[0]!.title).toMatch(/^Run the stocktake report/);
  });

  it.each(['Dear', 'Hello', 'Hey', 'Hallo', 'Bonjour', 'Hola', 'Ciao', 'Olá'])('never puts the greeting %j into an owner name', async (g) => {
    const u = await understand(
      msg(
        'From: Nadia Haddad <nadia.haddad@quill.test>\r\nTo: Coordinator <coordinator@quill.test>\r\nSubject: Spring fair stand\r\nDate: Mon, 9 Mar 2026 10:00:00 +0000',
        `${g} Tariq, could you book the stand at the spring fair by Friday?\n\nThanks,\nNadia`,
      ),
    );
    for (const t of u.tasks) expect(t.owner ?? '').not.toMatch(GREETING_IN_NAME);
    expect(u.tasks.some((t) => t.owner === 'Tariq')).toBe(true);
  });
});

describe('project name', () => {
  it('comes from the subject, not from the kickoff request', async () => {
    const u = await understand(appleForward('Please run this for us.', 'Can you set up a 30-minute kickoff with Lee, Ruth and me early next week?'));
    expect(u.project).toEqual({ name: 'Harbor bridge repaint' });
  });

  it.each([
    ['Here is the plan for the autumn rollout of the Fieldnotes tablet app:', 'Autumn rollout of the Fieldnotes tablet app'],
    ['Project: Orchard CRM cleanup', 'Orchard CRM cleanup'],
    ['Quick one for the Ledger sync project. Omar owns the mapping.', 'Ledger sync'],
    ['Please track the depot lighting upgrade as a new project.', 'Depot lighting upgrade'],
    ['Can we get a kickoff with everyone next week?', 'Team offsite'],
    ['Would you set this up as a project?', 'Team offsite'],
  ])('from %j → %j', async (line, name) => {
    const e = await parseEmail(
      msg('From: Nadia Haddad <nadia.haddad@quill.test>\r\nTo: Coordinator <coordinator@quill.test>\r\nSubject: Re: Fwd: Team offsite\r\nDate: Mon, 9 Mar 2026 10:00:00 +0000', `${line}\n\nThanks,\nNadia`),
    );
    expect(projectName(e)).toBe(name);
  });

  it.each([
    ['Fwd: Kickoff: Harbor bridge repaint', 'Harbor bridge repaint'],
    ['FW: RE: Payroll export – next steps', 'Payroll export'],
    ['New project - Depot lighting upgrade', 'Depot lighting upgrade'],
    ['Kiosk refresh – project brief', 'Kiosk refresh'],
    ['Two new projects: Kiosk refresh + Depot lighting', 'Kiosk refresh'],
    ['Office move — Building C fit-out', 'Office move — Building C fit-out'],
  ])('subject %j → %j', (subject, name) => expect(subjectName(subject)).toBe(name));
});

describe('meeting request in a forwarded message', () => {
  it('"me" is the forwarded author, not the forwarder', async () => {
    const u = await understand(appleForward('Please run this for us.', 'Can you set up a 30-minute kickoff with Lee, Ruth and me early next week?'));
    expect(new Set(u.meeting?.attendees)).toEqual(new Set(['elena.rossi@fenwick.test', 'lee.park@fenwick.test', 'ruth.obi@fenwick.test']));
    expect(u.meeting?.title).toBe('Harbor bridge repaint kickoff');
  });

  it('"me" in the forwarder\'s own note is the forwarder', async () => {
    const u = await understand(appleForward('Please set up a kickoff with Lee and me next week.', 'Ruth will confirm the scaffold dates.'));
    expect(new Set(u.meeting?.attendees)).toEqual(new Set(['jonas.weber@fenwick.test', 'lee.park@fenwick.test']));
  });
});

describe('meeting title', () => {
  it.each([
    ['Can you set up a 30-minute kickoff with Tom, Priya and me early next week?', 'Kiosk refresh', 'Kiosk refresh kickoff'],
    ['Could you book a design review with the three of us on Thursday?', 'Kiosk refresh', 'Design review'],
    ['Please schedule a 45-minute workshop with Lee and me next week.', 'Kiosk refresh', 'Kiosk refresh workshop'],
    ['Please book a 60-minute postmortem with the team on Tuesday.', 'Outage postmortem', 'Outage postmortem'],
    ['Can you find us an hour next week?', null, 'Meeting'],
  ])('%j with project %j → %j', (req, project, title) => expect(meetingTitle(req, project)).toBe(title));
});
