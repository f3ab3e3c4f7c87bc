import { describe, expect, it } from 'vitest';
import { parseCommand, parseItems } from '../../src/understand/replies/index.js';
import { makeDateCtx } from '../../src/understand/dates.js';

// Wed 26 Feb 2025
const dates = makeDateCtx(new Date('2025-02-26T15:00:00Z'), 'UTC-05:00', false);
const cmd = (t: string) => parseCommand(t, { dates });

describe('parseCommand', () => {
  it.each([
    ['Done', 'done'],
    ['Shipped this morning 🚀', 'done'],
    ['All sorted — the promo email went out yesterday.', 'done'],
    ['Feito!', 'done'],
    ['Blocked: legal still hasn\'t approved the DPA redlines', 'blocked'],
    ['Not done yet — Globex still hasn\'t sent us their questionnaire template.', 'blocked'],
    ['Not done yet, but getting there — the first three sections are written.', 'progress'],
    ['Done? Not yet 🙂 About halfway through the FAQ.', 'progress'],
    ["I'm done with the draft but not the slides yet.", 'progress'],
    ['Pas encore terminé : j\'attends toujours le retour d\'Omar.', 'blocked'],
    ['noch nicht fertig – ich warte noch auf die Grenzwerte.', 'blocked'],
    ['Can we move this to March 14?', 'reschedule'],
    ['Snooze until Monday please', 'snooze'],
    ['Please stop sending me these daily digests. Unsubscribe.', 'unsubscribe'],
    ["What's still open for me across all projects?", 'status'],
    ['Quick question - what can I reply with?', 'help'],
    ['1 done. 2 – push to the 10th please. 3: reassign to Ade.', 'done'],
    ['snooze 2 until Monday; 1 is done.', 'snooze'],
  ])('%s → %s', (text, action) => expect(cmd(text)?.action).toBe(action));

  it.each(['Thanks!', 'Thanks, will do.', "Priya - done? I still can't log in."])('look-alike %s → null', (t) =>
    expect(cmd(t)).toBeNull(),
  );

  it('resolves snooze and reschedule dates', () => {
    expect(cmd('Snooze until Monday please')?.due).toBe('2025-03-03');
    expect(cmd('Can we move this to March 14?')?.due).toBe('2025-03-14');
  });
  it('fills items for batched replies', () => {
    expect(cmd('done 1 and 3')?.items).toEqual([1, 3]);
    expect(cmd('All done 👍')?.items).toBe('all');
    expect(parseItems('PR #482 merged')).toBeUndefined();
  });
});
