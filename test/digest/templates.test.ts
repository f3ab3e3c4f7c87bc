// The compiled email templates: the committed module matches the MJML sources, values are escaped,
// nothing remote is referenced and links go only to our own origin (MIME-4, LLM-3, OUT-2).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import { buildEmailModule, compileMjml, compiledModule } from '../../scripts/build-emails.js';
import { composeDigest, digestView } from '../../src/outbound/digest.js';
import { renderNotice } from '../../src/outbound/notice.js';
import { fillTemplate } from '../../src/outbound/templates/render.js';
import { inboundText, ownLink } from '../../src/outbound/templates/view.js';
import { sampleDigestInput } from './sample.js';

const PUBLIC = 'https://coordinator.example.org';

/** Every URL-bearing thing in an HTML document: href/src/action attributes, CSS url(), <link>. */
function urlsIn(html: string): string[] {
  return [
    ...[...html.matchAll(/\s(?:href|src|action|background|poster)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!),
    ...[...html.matchAll(/url\(\s*['"]?([^'")]+)/gi)].map((m) => m[1]!),
    ...[...html.matchAll(/<link\b[^>]*>/gi)].map((m) => m[0]),
    ...[...html.matchAll(/@import\s+[^;]+/gi)].map((m) => m[0]),
  ];
}

describe('compiled email templates', () => {
  it('are up to date with emails/*.mjml (run `npm run build:emails` when this fails)', async () => {
    const fresh = await buildEmailModule();
    expect(fs.readFileSync(compiledModule, 'utf8') === fresh, 'src/outbound/templates/compiled.ts is stale').toBe(true);
  }, 180_000);

  it('fill exactly as the Handlebars runtime fills the same MJML output', async () => {
    const digest = Handlebars.compile(await compileMjml('digest'), { knownHelpersOnly: true, preventIndent: true });
    const notice = Handlebars.compile(await compileMjml('notice'), { knownHelpersOnly: true, preventIndent: true });
    const hostile = 'a <b>&amp;</b> "q" \'s\' `t` x=1 {{x}} {{{y}}}';
    const views = [
      digestView(sampleDigestInput()).view,
      digestView(sampleDigestInput({ projects: [] })).view,
      digestView(sampleDigestInput({ mine: [] })).view,
      digestView({ ...sampleDigestInput(), recipient: { id: 1, name: hostile, email: 'x@example.org', zone: 'UTC' } }).view,
      // Edge values: zero counts, false, empty lists, missing keys, numbers where text is expected.
      { subject: hostile, preheader: 0, header: { kicker: false, title: 7, subtitle: '' }, intro: hostile, counts: [], mine: { sections: [] }, projects: [], instructions: { title: hostile, lines: [] }, footer: { reason: null, unsubscribeUrl: undefined } },
      { header: {}, footer: {}, mine: {}, projects: [{ name: hostile, progress: { done: 0, total: 0, percent: 0 }, sections: [{ heading: '', count: 0, groups: [{ title: 0, rows: [{ number: 0, title: hostile, meta: hostile, tone: hostile, note: hostile }] }] }] }] },
      {},
    ];
    for (const view of views) expect(fillTemplate('digest', view)).toBe(digest(view));
    const noticeViews = [
      { subject: hostile, preheader: hostile, header: { kicker: hostile, title: hostile, subtitle: null }, intro: [hostile, 'two'], sections: [{ heading: hostile, count: 2, groups: [{ title: null, rows: [{ number: '1', title: hostile, meta: 'm', tone: 'late', note: hostile }] }] }], link: { url: 'https://coordinator.example.org/x', label: hostile }, instructions: null, footer: { reason: hostile, unsubscribeUrl: 'https://coordinator.example.org/u/t', unsubscribeLabel: hostile } },
      { intro: [], sections: [], link: null, footer: {} },
      {},
    ];
    for (const view of noticeViews) expect(fillTemplate('notice', view)).toBe(notice(view));
  }, 180_000);

  it('escape text from mail and never turn it into markup or links (MIME-4, LLM-3)', () => {
    const input = sampleDigestInput();
    input.mine[0]!.title = 'Fix <img src=x onerror=alert(1)> "quotes" & ![pic](https://evil.example/p.png) www.evil.example/a';
    const d = composeDigest(input);
    expect(d.html).not.toMatch(/<img|<script|onerror=|<b>finance/i);
    expect(d.html).toContain('Fix &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &quot;quotes&quot; &amp; pic [link removed]');
    expect(d.html).toContain('Waiting for &lt;b&gt;finance&lt;/b&gt;');
    expect(d.html).not.toContain('evil.example');
    expect(d.text).not.toContain('evil.example');
    for (const url of urlsIn(d.html)) expect(url.startsWith(PUBLIC + '/'), url).toBe(true);
  });

  it('link only under PUBLIC_URL and drop anything else', () => {
    expect(ownLink(PUBLIC, `${PUBLIC}/u/abc`)).toBe(`${PUBLIC}/u/abc`);
    expect(ownLink(PUBLIC, `${PUBLIC}.evil.example/u/abc`)).toBeNull();
    expect(ownLink(PUBLIC, 'https://evil.example/')).toBeNull();
    const n = renderNotice({
      publicUrl: PUBLIC,
      subject: 'Reminder',
      title: 'A reminder',
      intro: ['Hello'],
      tasks: [],
      link: { url: 'https://evil.example/phish', label: 'Click' },
      footer: { reason: 'because', unsubscribeUrl: 'javascript:alert(1)' },
    });
    expect(urlsIn(n.html)).toEqual([]);
    expect(n.html).not.toContain('evil.example');
    expect(n.html).not.toContain('javascript:');
  });

  it('cap, flatten and clean inbound text', () => {
    expect(inboundText('a\u202eb\u200bc\r\nd\u0007e')).toBe('a b c d e');
    expect(inboundText('x'.repeat(500), 50)).toHaveLength(50);
    expect(inboundText('see [the doc](https://docs.example/x) and http://a.b/c?d=e')).toBe('see the doc and [link removed]');
    expect(inboundText(null)).toBe('');
  });

  it('render a notice with numbered rows, instructions and both parts', () => {
    const n = renderNotice({
      publicUrl: PUBLIC,
      subject: 'Reminder: 2 tasks due',
      kicker: 'Coordinator · Reminder',
      title: 'Two tasks are due Friday',
      intro: ['Hi Lena, these are yours in "Warehouse scanner rollout".'],
      heading: 'Your tasks',
      tasks: [
        { number: 1, title: 'Order the scanners', facts: ['due Fri 7 Mar'] },
        { number: 2, title: 'Book the <electrician>', facts: ['due Fri 7 Mar', '2 days late'], late: true, note: 'waiting for a quote' },
      ],
      instructions: { lines: [{ command: 'done 1', meaning: 'mark task 1 done' }] },
      link: { url: `${PUBLIC}/projects/1`, label: 'Project page' },
      footer: { reason: 'You own these tasks.', unsubscribeUrl: `${PUBLIC}/u/tok`, unsubscribeLabel: 'Stop reminders' },
    });
    expect(n.html).toContain('Two tasks are due Friday');
    expect(n.html).toContain('Book the &lt;electrician&gt;');
    expect(n.html).toMatch(/>\s*2\.\s*</);
    expect(n.html).toContain(`href="${PUBLIC}/u/tok"`);
    expect(n.text).toContain('1. Order the scanners');
    expect(n.text).toContain('2. Book the <electrician>');
    expect(n.text).toContain('due Fri 7 Mar · 2 days late');
    expect(n.text).toContain('"waiting for a quote"');
    expect(n.text).toContain('done 1');
    expect(n.text).toContain(`Stop reminders: ${PUBLIC}/u/tok`);
    for (const url of urlsIn(n.html)) expect(url.startsWith(PUBLIC + '/'), url).toBe(true);
  });
});

describe('digest bytes', () => {
  it('parse back exactly: encoded names and subjects, no header injection, both parts', async () => {
    const { simpleParser } = await import('mailparser');
    const { digestRaw } = await import('../../src/outbound/digest-mime.js');
    const raw = digestRaw({
      from: { name: 'Coordinator', address: 'coordinator@contoso.com' },
      to: [{ name: 'Zoë "Z" Müller\r\nBcc: evil@example.com', address: 'zoe@contoso.com' }],
      cc: [],
      replyTo: 'reply+c1abc@contoso.com',
      subject: 'Your digest for Mon 10 Mar: Überprüfung der Lagerbestände und ein sehr langer Projektname, der gefaltet werden muss\r\nBcc: x@y',
      text: 'Grüße\n1. Order',
      html: '<p>Grüße</p>',
      messageId: 'abc@contoso.com',
      date: new Date('2025-03-10T07:00:00Z'),
      headers: { 'List-Unsubscribe': `<${PUBLIC}/u/u${'a'.repeat(32)}>, <mailto:unsubscribe+u${'a'.repeat(32)}@contoso.com>`, 'Auto-Submitted': 'auto-generated' },
    });
    const s = raw.toString('latin1');
    expect(s.split('\r\n\r\n')[0]!.split('\r\n').every((l) => l.length <= 78)).toBe(true);
    expect(s).not.toMatch(/^Bcc:/im);
    const p = await simpleParser(raw);
    expect(p.to && !Array.isArray(p.to) ? p.to.value : []).toEqual([{ name: 'Zoë "Z" Müller Bcc: evil@example.com', address: 'zoe@contoso.com' }]);
    expect(p.subject).toBe('Your digest for Mon 10 Mar: Überprüfung der Lagerbestände und ein sehr langer Projektname, der gefaltet werden muss Bcc: x@y');
    expect(p.text).toBe('Grüße\n1. Order');
    expect(p.html).toBe('<p>Grüße</p>');
    expect(p.messageId).toBe('<abc@contoso.com>');
    expect(p.date?.toISOString()).toBe('2025-03-10T07:00:00.000Z');
    expect(p.headers.get('auto-submitted')).toBe('auto-generated');
    expect(p.headers.get('list')).toMatchObject({ unsubscribe: { url: `${PUBLIC}/u/u${'a'.repeat(32)}`, mail: `unsubscribe+u${'a'.repeat(32)}@contoso.com` } });
  });
});
