// Lines too long to be anyone's sentence are not read; everything else reaches the engine unchanged.
import { describe, expect, it } from 'vitest';
import { MAX_READ_LINE, readableText } from '../../src/understand/readable.js';
import { parseEmail } from '../../src/parse/index.js';
import { createRulesEngine } from '../../src/understand/index.js';

describe('readable text', () => {
  it('returns text without overlong lines unchanged', () => {
    const t = 'Ana will book the venue by Friday.\n\n' + 'y'.repeat(MAX_READ_LINE);
    expect(readableText(t)).toBe(t);
  });

  it('empties only the lines longer than the limit', () => {
    const long = 'z'.repeat(MAX_READ_LINE + 1);
    expect(readableText(`first\n${long}\nlast`)).toBe('first\n\nlast');
  });

  it('still finds the task written next to an overlong line', async () => {
    const body = `Hi Ana,\r\n\r\nAna, please book the venue by Friday.\r\n\r\n${'Q'.repeat(50_000)}\r\n`;
    const raw = `From: Ben <ben@example.com>\r\nTo: Ana <ana@example.com>, coordinator@example.com\r\nSubject: Offsite\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\n\r\n${body}`;
    const email = await parseEmail(Buffer.from(raw));
    const u = await createRulesEngine().understand(email, { now: new Date('2025-03-03T10:00:00Z'), timeZone: 'UTC', assistantAddresses: ['coordinator@example.com'] });
    expect(u.tasks.map((t) => t.title.toLowerCase())).toEqual([expect.stringContaining('book the venue')]);
    expect(u.tasks[0]!.owner).toBe('ana@example.com');
    expect(u.text).toContain('Q'.repeat(50_000));
  });
});
