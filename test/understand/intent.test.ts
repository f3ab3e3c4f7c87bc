import { describe, expect, it } from 'vitest';
import { classifyLines, isActionable } from '../../src/understand/intent.js';

describe('sentence intent (request / commitment)', () => {
  it.each([
    'Please send me the signed contract by Friday.',
    'Could you review the deck before the call?',
    "I'll have the draft over to you by Wednesday.",
    'Let me know what time works best for you.',
    'Would be ideal if we can get this data on Thursday.',
  ])('says Yes to %s', (s) => expect(isActionable(s)).toBe(true));

  it.each([
    'The weather in Houston was great last week.',
    'Click here to receive your first $10 today:',
    'Thanks again for everything.',
    'Join now:',
  ])('says No to %s', (s) => expect(isActionable(s)).toBe(false));

  it('keeps one answer per input line, in order', () => {
    expect(classifyLines('Please call me.\nWe met on Monday.\n')).toEqual(['Yes', 'No']);
    expect(classifyLines('Please call me.\r\n\r\nCan you do it?')).toEqual(['Yes', 'No', 'Yes']);
  });
});

describe('sentence intent: soft cues and list housekeeping', () => {
  it.each(["Let's discuss this before we make the offer.", "Don't hesitate to give me a call.", 'You may want to look into that.'])('says Yes to %s', (s) =>
    expect(isActionable(s)).toBe(true));
  it.each(['To ensure delivery to your inbox, please add us to your safe sender list.', 'If you would no longer like to receive messages from us, please click the link.'])(
    'says No to %s',
    (s) => expect(isActionable(s)).toBe(false),
  );
});
