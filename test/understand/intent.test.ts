// The request/commitment decision behind `coordinator intent`: a learned score over linguistic features and
// rule cues. Every sentence here was written for this test.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { classifyLines, intentReason, isActionable, requestScore } from '../../src/understand/intent.js';

describe('request score', () => {
  it.each([
    'Could you forward the signed quote to the warehouse by Friday?',
    'Please water the office plants while I am on leave.',
    'Can you and Beatriz sort out the parking passes?',
    'Hannah, book the minibus for the school trip.',
    "I'll send the revised seating plan tomorrow morning.",
    'We will deliver the first batch of samples next Tuesday.',
    'Let me know which evening suits your team.',
    'Would you mind checking the invoice totals again?',
    'Make sure the fire exits stay clear during the fair.',
    "Let's go through the budget on Thursday.",
  ])('is high for the request or commitment %s', (s) => {
    expect(requestScore(s)).toBeGreaterThanOrEqual(0.5);
    expect(isActionable(s)).toBe(true);
  });

  it.each([
    'The warehouse received the quote on Friday.',
    'Our office plants are doing well this spring.',
    'Beatriz sorted out the parking passes last week.',
    'The minibus was comfortable and on time.',
    'Thanks again for a lovely evening.',
    'Sales of the blue mugs doubled in March.',
    'The fire drill went smoothly.',
    'Get 40% off every notebook this weekend only!',
    'You are receiving this newsletter because you signed up at our store.',
  ])('is low for the statement %s', (s) => {
    expect(requestScore(s)).toBeLessThan(0.5);
    expect(isActionable(s)).toBe(false);
  });

  it('is a probability, and zero for empty or tiny input', () => {
    for (const s of ['Could you call the plumber?', 'The plumber came.', 'ok?']) {
      const p = requestScore(s);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    expect(requestScore('')).toBe(0);
    expect(requestScore('   ')).toBe(0);
  });

  it('ranks an ask above the same topic stated as done', () => {
    expect(requestScore('Can you renew the domain before it expires?')).toBeGreaterThan(requestScore('The domain was renewed before it expired.'));
    expect(requestScore('I will renew the domain this week.')).toBeGreaterThan(requestScore('Mark renewed the domain last year.'));
  });
});

describe('rule cues', () => {
  it('names the rule that fired, used as one of the features', () => {
    expect(intentReason('Olga, send the floor plan.')).toBe('imperative:send');
    expect(intentReason('Could you take the minutes?')).toBe('start:could you');
    expect(intentReason('To stop receiving these updates, unsubscribe here.')).toBe('no:housekeeping');
    expect(intentReason('The floor plan arrived.')).toBe('no');
  });
});

describe('coordinator intent FILE', () => {
  it('keeps one answer per input line, in order', () => {
    expect(classifyLines('Please ring the courier.\nThe courier came on Monday.\n')).toEqual(['Yes', 'No']);
    expect(classifyLines('Please ring the courier.\r\n\r\nCan you ring the courier?')).toEqual(['Yes', 'No', 'Yes']);
  });

  it('prints one Yes or No per line from the command line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coordinator-intent-'));
    try {
      const file = path.join(dir, 'sentences.txt');
      fs.writeFileSync(file, 'Could you print the name badges?\nThe badges look great.\n\nPlease email the badge list to Ines.\n');
      const { stdout } = await promisify(execFile)(process.execPath, [path.resolve('bin/coordinator.js'), 'intent', file], { timeout: 60_000 });
      expect(stdout).toBe('Yes\nNo\nNo\nYes\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
