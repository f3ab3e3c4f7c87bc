import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/parse/index.js';

describe('HTML tables in plain text', () => {
  it('keeps each row on one line with tab-separated cells', () => {
    const html =
      '<p>Plan:</p><table><thead><tr><th>Task</th><th>Owner</th></tr></thead><tbody><tr><td>Book the venue</td><td>Me</td></tr><tr><td>Send the agenda</td><td>You</td></tr></tbody></table><p>Thanks</p>';
    const text = htmlToText(html);
    expect(text).toContain('Task\tOwner\nBook the venue\tMe\nSend the agenda\tYou');
    expect(text).not.toMatch(/\t$/m);
  });
  it('flattens the paragraphs Outlook puts inside data-table cells', () => {
    const cell = (s: string) => `<td style="padding:0"><p class="MsoNormal"><span>${s}</span><o:p></o:p></p></td>`;
    const html = `<table class="MsoTableGrid"><tr>${cell('<b>Task</b>')}${cell('<b>Due</b>')}</tr><tr>${cell('Order catering')}${cell('next<br>Monday')}</tr></table>`;
    expect(htmlToText(html).trim()).toBe('Task\tDue\nOrder catering\tnext Monday');
  });
  it('leaves a one-cell layout table and its paragraphs alone', () => {
    const html = '<table><tr><td><p>Hi all,</p><p>Please send the deck.</p></td></tr></table>';
    expect(htmlToText(html)).toMatch(/Hi all,\n+Please send the deck\./);
  });
});
