// The plan policy and the words of a plan answer, without a database: when a brief is put to its sender,
// how a task with no reported confidence is judged, the cap, and how "yes", "cancel" and a corrected list
// are told apart.
import { describe, expect, it } from 'vitest';
import { readPlanAnswer } from '../../src/coordinate/plan-answer.js';
import { confidenceOf, decidePlan, planPolicy } from '../../src/coordinate/plan-policy.js';
import { composePlanReply } from '../../src/outbound/plan-reply.js';

const task = (title: string, extra: { owner?: string | null; due?: string | null; confidence?: number } = {}) => ({ title, owner: extra.owner ?? null, due: extra.due ?? null, ...(extra.confidence === undefined ? {} : { confidence: extra.confidence }) });
const meeting = { title: 'Kickoff', attendees: ['tom@example.com'], duration_minutes: 30, not_before: null, not_after: null };

describe('plan policy', () => {
  it('assumes full confidence for a task with an owner or a due date, and less for a bare one', () => {
    expect(confidenceOf(task('Order the scanners', { owner: 'tom@example.com' }))).toBe(1);
    expect(confidenceOf(task('Order the scanners', { due: '2025-03-07' }))).toBe(1);
    expect(confidenceOf(task('Order the scanners'))).toBeLessThan(planPolicy.confidenceThreshold);
    expect(confidenceOf(task('Order the scanners', { confidence: 0.2, owner: 'tom@example.com' }))).toBe(0.2);
  });

  it('asks when there are no tasks and no meeting, or any task is unsure; starts otherwise', () => {
    expect(decidePlan({ tasks: [], meeting: null }).needsConfirmation).toBe(true);
    expect(decidePlan({ tasks: [], meeting }).needsConfirmation).toBe(false);
    expect(decidePlan({ tasks: [task('A', { owner: 'a@example.com' }), task('B')], meeting: null }).needsConfirmation).toBe(true);
    expect(decidePlan({ tasks: [task('A', { confidence: 0.9 }), task('B', { confidence: 0.59 })], meeting: null }).needsConfirmation).toBe(true);
    expect(decidePlan({ tasks: [task('A', { confidence: 0.9 }), task('B', { owner: 'b@example.com' })], meeting: null }).needsConfirmation).toBe(false);
  });

  it('keeps the first tasks up to the cap and counts the rest', () => {
    const many = Array.from({ length: planPolicy.maxTasksPerBrief + 7 }, (_, i) => task(`Task ${i + 1}`, { owner: 'a@example.com' }));
    const d = decidePlan({ tasks: many, meeting: null });
    expect(d.kept).toHaveLength(planPolicy.maxTasksPerBrief);
    expect(d.kept[0]!.title).toBe('Task 1');
    expect(d.leftOut).toBe(7);
  });
});

describe('plan answers', () => {
  it.each(['yes', 'Yes!', 'Yes, thanks', 'Looks good - go ahead', 'Hi,\nlooks good\nDana', 'ja', 'Oui, merci', 'sí', 'OK'])('%j confirms', (text) => {
    expect(readPlanAnswer(text)).toBe('confirm');
  });
  it.each(['cancel', 'No', 'nope, thanks', 'cancel it please', 'abbrechen', 'annuler'])('%j cancels', (text) => {
    expect(readPlanAnswer(text)).toBe('cancel');
  });
  it.each(['Tom: order the scanners by Friday', 'No, Tom owns the slides by Friday', 'yes but move 2 to Friday', 'yes\nTom: slides by Friday\nPriya: budget by Monday'])('%j is a list', (text) => {
    expect(readPlanAnswer(text)).toBe('list');
  });
});

describe('the plan reply', () => {
  const base = { projectName: 'Scanner rollout', recipientName: 'Dana Whitfield', meeting: null, originalSubject: 'Fwd: Scanner rollout', projectUrl: 'http://localhost:3000/projects/4' };
  const t = { number: 1, title: 'Order the scanners', owner: { name: 'Tom Baker', address: 'tom@example.com' }, dueDate: '2025-03-07', evidence: 'Tom, could you maybe look at ordering the scanners by Friday?', unsure: true };

  it('for a draft: says nothing started, marks the unsure task with its evidence, and asks for yes, a list or cancel', () => {
    const r = composePlanReply({ ...base, tasks: [t], draft: true });
    expect(r.text).toMatch(/not started it and nobody has heard from me/);
    expect(r.text).toContain('1. Order the scanners');
    expect(r.text).toContain('not sure this is a task');
    expect(r.text).toContain('“Tom, could you maybe look at ordering the scanners by Friday?”');
    expect(r.text).toMatch(/^\s+yes\s+\(start the project as listed\)$/m);
    expect(r.text).toMatch(/^\s+cancel\s+\(drop it\)$/m);
    expect(r.html).toContain('not sure this is a task');
    expect(r.html).toContain('Tom, could you maybe look at ordering the scanners by Friday?');
  });

  it('when sure: says the project is set up and shows the evidence briefly, with the fix-up commands', () => {
    const r = composePlanReply({ ...base, tasks: [{ ...t, unsure: false, evidence: 'Tom: order the scanners by Friday, the ones with the longer battery life that the warehouse team asked for last month' }] });
    expect(r.text).toContain('I\'ve set up the project "Scanner rollout" with 1 task:');
    expect(r.text).not.toContain('not sure');
    expect(r.text).toMatch(/From: “Tom: order the scanners by Friday, the ones with .{10,60}…”/);
    expect(r.text).toContain('move 3 to Friday');
  });

  it('with no tasks at all: asks for the list or cancel, with no "yes" to give', () => {
    const r = composePlanReply({ ...base, tasks: [], draft: true });
    expect(r.text).toMatch(/could not find any tasks in your message, so I have not started/);
    expect(r.text).not.toMatch(/^\s+yes\s/m);
    expect(r.text).toMatch(/^\s+Priya: landing page by Friday\s+\(your list, one task per line/m);
    expect(r.text).toMatch(/^\s+cancel\s+\(drop it\)$/m);
  });

  it('says how many tasks were left out past the cap, and why', () => {
    const r = composePlanReply({ ...base, tasks: [{ ...t, unsure: false }], leftOut: { count: 250, cap: 100 } });
    expect(r.text).toContain('Your message had 350 tasks. I took the first 100, the most I take from one message, and left out the other 250');
  });
});
