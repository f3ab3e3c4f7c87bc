import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseFile } from '../../src/understand/cli-parse.js';
import { understandingSchema } from '../../src/understand/contract.js';
import { parseEmail } from '../../src/parse/index.js';
import { createRulesEngine } from '../../src/understand/index.js';

const dev = path.resolve(__dirname, '../../../shared/eval/dev');
const files = fs.existsSync(dev) ? fs.readdirSync(dev).filter((f) => f.endsWith('.eml')).sort() : [];

describe('dev set', () => {
  it('is present', () => expect(files.length).toBeGreaterThan(0));
  it('every message parses and validates against the contract', async () => {
    for (const f of files) {
      const out = await parseFile(path.join(dev, f), {});
      const r = understandingSchema.safeParse(out);
      expect(r.success, f).toBe(true);
      if (out.kind !== 'reply' && out.kind !== 'command') expect(out.command, f).toBeNull();
      if (out.kind === 'reply') expect(out.tasks, f).toEqual([]);
    }
  });
});

const msg = (headers: string, body: string) => `${headers}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;

describe('rules engine', () => {
  const engine = createRulesEngine();
  it('is named rules', () => expect(engine.name).toBe('rules'));
  it('ignores commands that only appear in quoted text', async () => {
    const e = await parseEmail(
      msg(
        'From: Ann <ann@x.com>\r\nTo: Coordinator <coordinator@x.com>\r\nSubject: Re: Reminder\r\nDate: Wed, 26 Feb 2025 10:00:00 -0500\r\nIn-Reply-To: <nudge.1@coordinator.x.com>',
        'Thanks!\n\nOn Wed, 26 Feb 2025, Coordinator <coordinator@x.com> wrote:\n> Reply "done", "blocked: reason" or "snooze <date>".',
      ),
    );
    const u = await engine.understand(e, { now: new Date('2025-02-26T15:00:00Z'), timeZone: 'UTC-05:00', assistantAddresses: ['coordinator@x.com'] });
    expect(u.kind).toBe('reply');
    expect(u.command).toBeNull();
  });
  it('extracts list tasks with owners from headers and never the assistant', async () => {
    const e = await parseEmail(
      msg(
        'From: Dana <dana@x.com>\r\nTo: Coordinator <coordinator@x.com>\r\nCc: Marco Rossi <marco.rossi@x.com>, Priya N <priya.n@x.com>\r\nSubject: New project\r\nDate: Mon, 03 Feb 2025 09:00:00 -0500',
        'Hi Coordinator,\n\n- Marco: finalize the API docs - due Feb 14\n- Priya: set up the staging environment by EOD Thursday\n- Someone needs to book the QA vendor\n- I\'ll write the launch post by Friday\n\nThanks,\nDana',
      ),
    );
    const u = await engine.understand(e, { now: new Date('2025-02-03T14:00:00Z'), timeZone: 'UTC-05:00', assistantAddresses: ['coordinator@x.com'] });
    expect(u.kind).toBe('brief');
    expect(u.tasks).toEqual([
      { title: 'Finalize the API docs', owner: 'marco.rossi@x.com', due: '2025-02-14' },
      { title: 'Set up the staging environment', owner: 'priya.n@x.com', due: '2025-02-06' },
      { title: 'Book the QA vendor', owner: null, due: null },
      { title: 'Write the launch post', owner: 'dana@x.com', due: '2025-02-07' },
    ]);
  });
});
