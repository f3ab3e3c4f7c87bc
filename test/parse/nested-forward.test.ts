import { describe, expect, it } from 'vitest';
import { splitBody } from '../../src/parse/index.js';

const nested = `FYI, please track.

-------- Forwarded Message --------
Subject: Fwd: Booth logistics
Date: Fri, 28 Feb 2025 16:10:00 -0500
From: Aisha Khan <aisha@acme.io>
To: Tom Baker <tom@acme.io>

I'll book the freight by Wednesday.

> -------- Forwarded Message --------
> Subject: Booth logistics
> Date: Thu, 27 Feb 2025 11:00:00 +0100
> From: Marco Rossi <marco@client.com>
> To: Aisha Khan <aisha@acme.io>
>
> Aisha, could you send me the floor plan by Friday?
>
> Marco`;

describe('nested forwards', () => {
  it('reads a forward quoted with ">" inside a forwarded message as one more forwarded section', () => {
    const r = splitBody(nested, true);
    expect(r.forwarded.map((f) => f.from?.address)).toEqual(['aisha@acme.io', 'marco@client.com']);
    expect(r.sections?.map((s) => [s.header?.from?.address ?? null, s.text])).toEqual([
      [null, 'FYI, please track.'],
      ['aisha@acme.io', "I'll book the freight by Wednesday."],
      ['marco@client.com', 'Aisha, could you send me the floor plan by Friday?\n\nMarco'],
    ]);
  });
  it('still drops quoted history that is not a forwarded message', () => {
    const r = splitBody(nested.replace(/> -------- Forwarded Message --------\n> Subject: Booth logistics\n> Date: [^\n]+\n> From: [^\n]+\n> To: [^\n]+\n/, ''), true);
    expect(r.forwarded).toHaveLength(1);
    expect(r.newText).not.toContain('floor plan');
  });
  it('keeps a reply quoting a forward as history (no forwarded section around it)', () => {
    const reply = `Done, thanks.\n\n> -------- Forwarded Message --------\n> Subject: Booth logistics\n> From: Marco Rossi <marco@client.com>\n> To: Aisha Khan <aisha@acme.io>\n>\n> Could you send me the floor plan?`;
    const r = splitBody(reply, false);
    expect(r.newText).toBe('Done, thanks.');
  });
});
