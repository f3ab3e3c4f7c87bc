import { describe, expect, it } from 'vitest';
import { classifyLines, intentReason, isActionable } from '../../src/understand/intent.js';

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

describe('sentence intent: addressed requests, offers and acceptances', () => {
  it.each([
    'Mike, send the deck to John in Europe.',
    'Tony--pls cover for us.',
    'Hey call me when you land.',
    'Hi, take a minute and look at the draft.',
    'Dave, why don\'t you send it to Steve for review.',
    "Don't make any changes for now.",
    'See me before you sign it.',
    'Come join us for dinner on Friday.',
    "I'd be happy to reschedule for next week.",
    'I would suggest that we set up a call with Ken.',
    'Saturday, March 25 works for me.',
    'Tuesday at 3 sounds good to me.',
    'Count me in.',
    "You're welcome to join.",
    'If you have any questions, please give me a call.',
    "We'll have to meet up somewhere.",
    "I'll have my assistant call you to set it up.",
    'We can discuss further on Tuesday.',
    'Yes, lets continue with the Monday calls.',
  ])('says Yes to %s', (s) => expect(isActionable(s)).toBe(true));

  it.each([
    'If you want to learn more about our products, it will be a good choice.',
    'Dropbox lets you bring all your photos with you.',
    'Presents sure to please every personality.',
    'You can now tag your friends in your posts.',
    'We can help you find the best rates.',
    'I did not discuss the gas contract with them.',
    'I look forward to meeting you.',
    'If you have any questions, please contact us.',
    'I want to make sure we have covered everything.',
    'The report should be ready soon.',
    'I will be in London all of next week.',
    'See you tomorrow.',
  ])('says No to %s', (s) => expect(isActionable(s)).toBe(false));

  it('names the rule that decided', () => {
    expect(intentReason('Mike, send the deck.')).toBe('imperative:send');
    expect(intentReason('If you have any questions, please contact us.')).toBe('no:questions-boilerplate');
  });
});
