// Flow: honest uncertainty in the plan, through the real SMTP listener, HTTP API and queue on a manual clock.
// A brief Coordinator is unsure of (no tasks, or a task read with low confidence) becomes a draft: the plan
// reply asks, and nothing is nudged or digested until the sender answers "yes", sends the corrected list,
// or cancels. A confident brief starts at once, and a brief of ten times the task cap is capped with a note (that
// reading stays linear in the brief's length is test/parse's concern, not this flow's).
// Runs on PGlite and, when TEST_DATABASE_URL is set, Postgres.
import { afterEach, describe, expect, it } from 'vitest';
import { planPolicy } from '../../src/coordinate/plan-policy.js';
import { createRulesEngine } from '../../src/understand/index.js';
import type { UnderstandingEngine } from '../../src/understand/types.js';
import { testDatabases } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { outbox, replyTo, withToken, type Ours } from '../follow-through/mail.js';

type Task = { id: number; number: number; title: string; status: string; owner_email: string | null; due_date: string | null; confidence: number | null; evidence: string | null };
type Project = { id: number; name: string; status: string; tasks: Task[] };

const dana = { name: 'Dana Whitfield', address: 'dana.whitfield@contoso.com' };
const tom = { name: 'Tom Baker', address: 'tom.baker@contoso.com' };
const priya = { name: 'Priya Shah', address: 'priya.shah@contoso.com' };

/**
 * The rules engine, reporting the confidence a test asks for. The product decides from the engine's
 * confidence; this makes that number an input of the test instead of a property of today's rules. Each
 * task's evidence is the line of the message it was read from.
 */
function engineReporting(confidence: () => number | 'none'): UnderstandingEngine {
  const rules = createRulesEngine();
  return {
    name: 'rules-with-confidence',
    async understand(email, ctx) {
      const u = await rules.understand(email, ctx);
      const c = confidence();
      const lines = email.newText.split('\n').map((l) => l.trim());
      const tasks = u.tasks.map((t, i) => {
        const { confidence: _, evidence: __, ...rest } = t;
        // (only for the first tasks: a search per task over a very long brief would be the slow part)
        const evidence = i < 200 ? lines.find((l) => l.toLowerCase().includes(t.title.toLowerCase().slice(0, 20))) : undefined;
        return { ...rest, ...(c === 'none' ? {} : { confidence: c }), ...(evidence ? { evidence } : {}) };
      });
      return { ...u, tasks };
    },
  };
}

let seq = 0;
function brief(subject: string, body: string): string {
  return [
    `From: ${dana.name} <${dana.address}>`,
    `To: Coordinator <coordinator@contoso.com>`,
    `Cc: ${tom.name} <${tom.address}>, ${priya.name} <${priya.address}>`,
    `Subject: ${subject}`,
    'Date: Mon, 03 Mar 2025 09:31:00 +0000',
    `Message-ID: <plan-brief-${++seq}-${Date.now()}@contoso.com>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
  ].join('\r\n');
}

describe.each(testDatabases)('plan confirmation on $name', (database) => {
  let svc: TestService | undefined;
  let reported: number | 'none' = 'none';
  afterEach(async () => {
    await svc?.close();
    svc = undefined;
  });
  const start = async (confidence: number | 'none') => {
    reported = confidence;
    svc = await startTestService(database, {}, '2025-03-03T09:31:00Z', { engine: engineReporting(() => reported) });
    return svc;
  };
  const send = async (s: TestService, raw: string, from = dana.address) => {
    expect(await s.sendRaw(raw, { from, to: ['coordinator@contoso.com'] })).toMatch(/^250 /);
    await s.settle();
  };
  const theProject = async (s: TestService) => {
    const list = (await s.api<{ projects: { id: number }[] }>('/api/projects')).body.projects;
    expect(list).toHaveLength(1);
    return (await s.api<{ project: Project }>(`/api/projects/${list[0]!.id}`)).body.project;
  };
  const mailOf = async (s: TestService, kind: string) => {
    const found = (await outbox(s)).filter((m) => m.kind === kind).sort((a, b) => a.id - b.id);
    return Promise.all(found.map((m) => withToken(s, m)));
  };
  const answer = async (s: TestService, ours: Ours, body: string, from = dana) => {
    const { raw } = replyTo(ours, { client: 'gmail', from, body, date: 'Mon, 03 Mar 2025 11:00:00' });
    await send(s, raw, from.address);
  };
  /** Every nudge and digest queued through the mornings of the week, to anyone. */
  const followThroughUntil = async (s: TestService, isoDays: string[]) => {
    for (const d of isoDays) {
      await s.runClock(new Date(`${d}T08:30:00Z`));
      await s.runClock(new Date(`${d}T10:00:00Z`));
    }
    return (await outbox(s)).filter((m) => m.kind === 'nudge' || m.kind === 'digest');
  };

  it('a brief with no recognisable tasks is a draft; the plan asks; the corrected list replaces it and starts it', async () => {
    const s = await start('none');
    await send(s, brief('Fwd: Scanner rollout', 'Hi,\n\nForwarding this for reference. The scanner rollout went well last quarter.\n\nDana'));
    const draft = await theProject(s);
    expect(draft.status).toBe('draft');
    expect(draft.tasks).toEqual([]);
    const [plan] = await mailOf(s, 'plan_reply');
    expect(plan!.to).toEqual([dana.address]);
    expect(plan!.text).toMatch(/could not find any tasks/i);
    expect(plan!.text).toMatch(/not started/i);
    expect(plan!.text).toMatch(/yes|cancel/);
    expect(await followThroughUntil(s, ['2025-03-04', '2025-03-05'])).toEqual([]);

    await answer(s, plan!, 'Tom: order the replacement scanners by 7 March\nPriya: book the installers by 12 March');
    const p = await theProject(s);
    expect(p.status).toBe('active');
    expect(p.tasks.map((t) => [t.number, t.owner_email, t.due_date, t.status])).toEqual([
      [1, tom.address, '2025-03-07', 'open'],
      [2, priya.address, '2025-03-12', 'open'],
    ]);
    const [done] = await mailOf(s, 'plan_confirmation');
    expect(done!.to).toEqual([dana.address]);
    expect(done!.inReplyTo).toBeTruthy();
    expect(done!.text).toMatch(/replaced the plan with your list/i);
    expect(done!.text).toContain('1. Order the replacement scanners');
    // Now it is live: Tom is nudged the morning his task is due.
    const nudges = (await followThroughUntil(s, ['2025-03-07'])).filter((m) => m.kind === 'nudge');
    expect(nudges.map((m) => m.to)).toContainEqual([tom.address]);
  });

  it('low confidence: the plan lists what it read with the evidence, nothing is nudged, and "yes" starts it', async () => {
    const s = await start(0.3);
    await send(s, brief('Fwd: Scanner rollout', 'Tom: order the replacement scanners by 4 March\nPriya: book the installers by 5 March'));
    const draft = await theProject(s);
    expect(draft.status).toBe('draft');
    expect(draft.tasks.map((t) => [t.owner_email, t.confidence])).toEqual([[tom.address, expect.closeTo(0.3, 5)], [priya.address, expect.closeTo(0.3, 5)]]);
    expect(draft.tasks[0]!.evidence).toBe('Tom: order the replacement scanners by 4 March');
    const [plan] = await mailOf(s, 'plan_reply');
    expect(plan!.text).toMatch(/not sure I understood/i);
    expect(plan!.text).toContain('not sure this is a task');
    expect(plan!.text).toContain('“Tom: order the replacement scanners by 4 March”');
    const page = await (await fetch(`${s.base}/projects/${draft.id}`)).text();
    expect(page).toContain('Tom: order the replacement scanners by 4 March');
    expect(page).toMatch(/waiting for the sender to confirm/);
    expect(await followThroughUntil(s, ['2025-03-04', '2025-03-05'])).toEqual([]);

    await answer(s, plan!, 'Yes, thanks');
    const p = await theProject(s);
    expect(p.status).toBe('active');
    expect(p.tasks.map((t) => [t.number, t.status])).toEqual([[1, 'open'], [2, 'open']]);
    const [done] = await mailOf(s, 'plan_confirmation');
    expect(done!.text).toMatch(/has started with 2 tasks/);
    const after = await followThroughUntil(s, ['2025-03-06', '2025-03-07']);
    expect(new Set(after.filter((m) => m.kind === 'nudge').map((m) => m.to[0]))).toEqual(new Set([priya.address, tom.address]));
  });

  it('a draft\'s kickoff waits: no invitation goes out until the sender says yes', async () => {
    const s = await start(0.3);
    const body = 'Tom: order the replacement scanners by 7 March\n\nPlease set up a 30-minute kickoff with Tom, Priya and me early next week.';
    await send(s, brief('Fwd: Scanner rollout', body));
    expect((await theProject(s)).status).toBe('draft');
    const [plan] = await mailOf(s, 'plan_reply');
    expect(plan!.text).toMatch(/set it up once you confirm/);
    expect((await outbox(s)).filter((m) => m.kind.startsWith('meeting_'))).toEqual([]);

    await answer(s, plan!, 'looks good');
    expect((await theProject(s)).status).toBe('active');
    const invites = (await outbox(s)).filter((m) => m.kind === 'meeting_invite');
    expect(invites.map((m) => m.to[0]).sort()).toEqual([dana.address, priya.address, tom.address].sort());
    const [done] = await mailOf(s, 'plan_confirmation');
    expect(done!.text).toMatch(/I've sent invitations to/);
  });

  it('an answer it cannot read gets one question, and an unreadable answer to that question gets nothing', async () => {
    const s = await start(0.3);
    await send(s, brief('Fwd: Scanner rollout', 'Tom: order the replacement scanners by 4 March'));
    const [plan] = await mailOf(s, 'plan_reply');
    await answer(s, plan!, 'What do you mean by that?');
    const [question] = await mailOf(s, 'plan_question');
    expect(question!.to).toEqual([dana.address]);
    expect(question!.text).toMatch(/is still waiting/);
    const before = (await outbox(s)).length;
    await answer(s, question!, 'Hmm, not sure what you mean.');
    expect((await outbox(s)).length).toBe(before);
    expect((await theProject(s)).status).toBe('draft');
    // The question's own token still takes a real answer.
    await answer(s, question!, 'yes');
    expect((await theProject(s)).status).toBe('active');
  });

  it('"cancel" drops a draft; nothing is ever sent to the owners', async () => {
    const s = await start(0.3);
    await send(s, brief('Fwd: Scanner rollout', 'Tom: order the replacement scanners by 4 March'));
    const [plan] = await mailOf(s, 'plan_reply');
    await answer(s, plan!, 'cancel');
    const p = await theProject(s);
    expect(p.status).toBe('cancelled');
    expect(p.tasks.map((t) => t.status)).toEqual(['cancelled']);
    expect((await mailOf(s, 'plan_confirmation'))[0]!.text).toMatch(/dropped/);
    await followThroughUntil(s, ['2025-03-04', '2025-03-05']);
    expect((await outbox(s)).flatMap((m) => m.to)).not.toContain(tom.address);
  });

  it('only the sender can answer: a reply through the token from someone else changes nothing', async () => {
    const s = await start(0.3);
    await send(s, brief('Fwd: Scanner rollout', 'Tom: order the replacement scanners by 4 March'));
    const [plan] = await mailOf(s, 'plan_reply');
    const before = (await outbox(s)).length;
    await answer(s, plan!, 'yes', tom);
    expect((await theProject(s)).status).toBe('draft');
    expect((await outbox(s)).length).toBe(before);
  });

  it('a confident brief starts at once, as before, and the plan shows where each task came from', async () => {
    const s = await start(0.95);
    await send(s, brief('Fwd: Scanner rollout', 'Tom: order the replacement scanners by 4 March'));
    const p = await theProject(s);
    expect(p.status).toBe('active');
    const [plan] = await mailOf(s, 'plan_reply');
    expect(plan!.text).toMatch(/I've set up the project/);
    expect(plan!.text).toContain('From: “Tom: order the replacement scanners by 4 March”');
    expect(plan!.text).not.toContain('not sure');
    const nudges = (await followThroughUntil(s, ['2025-03-04'])).filter((m) => m.kind === 'nudge');
    expect(nudges.map((m) => m.to)).toEqual([[tom.address]]);
  });

  it('a brief of ten times the task cap is taken without an error: the first 100 tasks and a note on the rest', async () => {
    const s = await start('none');
    const items = 10 * planPolicy.maxTasksPerBrief;
    const lines = Array.from({ length: items }, (_, i) => `- Tom: write section ${i + 1} of the handbook by 7 March`);
    await send(s, brief('Fwd: Handbook', lines.join('\n')));
    const inbound = (await s.api<{ messages: { status: string; error: string | null }[] }>('/api/inbound')).body.messages;
    expect(inbound.map((m) => m.status)).toEqual(['processed']);
    const res = await s.api<{ projects: { id: number }[] }>('/api/projects');
    expect(res.status).toBe(200);
    const p = await theProject(s);
    expect(p.status).toBe('active');
    expect(p.tasks).toHaveLength(100);
    expect(p.tasks[99]!.title).toMatch(/section 100 of the handbook/i);
    const [plan] = await mailOf(s, 'plan_reply');
    expect(plan!.text).toContain(`Your message had ${items} tasks. I took the first 100`);
    expect(plan!.text).toContain(`left out the other ${items - 100}`);
  }, 120_000);
});
