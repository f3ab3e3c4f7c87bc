// The emails look right where people read them: a realistic digest, a nudge and a confirmation rendered
// by headless Chromium at 600 px (desktop webmail) and 375 px (a phone). Nothing may overflow sideways,
// nothing may be fetched from the network, and the screenshots are kept in test-artifacts/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/outbound/digest.js';
import { renderNotice } from '../../src/outbound/notice.js';
import { launchChromium, type EmailBrowser } from '../support/chromium.js';
import { sampleDigestInput } from './sample.js';

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-artifacts/emails');
const PUBLIC = 'https://coordinator.example.org';

const emails: Record<string, string> = {
  digest: composeDigest(sampleDigestInput()).html,
  'digest-personal': composeDigest(sampleDigestInput({ projects: [] })).html,
  nudge: renderNotice({
    publicUrl: PUBLIC,
    subject: 'Reminder: 2 tasks due',
    kicker: 'Coordinator · Reminder',
    title: 'Two of your tasks need attention',
    intro: ['Hi Lena, these are yours in “Warehouse scanner rollout”. Reply with a command below, or just tell me how it is going.'],
    heading: 'Your tasks',
    tasks: [
      { number: 1, title: 'Order the replacement scanners from the supplier', facts: ['due Fri 7 Mar', '3 days late'], late: true },
      { number: 2, title: 'Confirm headcount (Superlongwordwithoutanybreakswhatsoeverthatmightoverflowasmallphonescreen)', facts: ['due today'] },
    ],
    instructions: { lines: [{ command: 'done 1', meaning: 'mark task 1 done' }, { command: 'move 2 to Friday', meaning: 'change its due date' }] },
    link: { url: `${PUBLIC}/projects/1`, label: 'Open the project page' },
    footer: { reason: 'You get reminders for tasks you own.', unsubscribeUrl: `${PUBLIC}/u/u${'a'.repeat(32)}`, unsubscribeLabel: 'Stop these reminders' },
  }).html,
  confirmation: renderNotice({
    publicUrl: PUBLIC,
    subject: 'Please confirm: mark 2 tasks done?',
    kicker: 'Coordinator · Please confirm',
    title: 'Should I mark these done?',
    intro: ['A reply from ravi@partner.example asked to change your tasks. Nothing has changed yet.'],
    heading: 'Proposed changes',
    tasks: [{ number: 1, title: 'Configure the scanners for the WMS', facts: ['done'] }, { number: 3, title: 'Label the racks', facts: ['move to Fri 14 Mar'] }],
    instructions: { title: 'Reply with one word:', lines: [{ command: 'yes', meaning: 'apply the changes' }, { command: 'no', meaning: 'leave everything as it is' }] },
    footer: { reason: 'You own these tasks.' },
  }).html,
};

describe('emails in a browser', () => {
  let browser: EmailBrowser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => browser?.close());

  for (const [name, html] of Object.entries(emails)) {
    for (const width of [600, 375]) {
      it(`${name} at ${width} px: no horizontal overflow, no network`, async () => {
        const r = await browser.render(html, width, path.join(artifacts, `${name}-${width}.png`));
        expect(r.externalRequests).toEqual([]);
        expect(r.overflowing).toEqual([]);
        expect(r.scrollWidth).toBeLessThanOrEqual(r.clientWidth);
      });
    }
  }

  it('notices an email that does overflow (the check can fail)', async () => {
    const wide = emails.nudge!.replace('</body>', '<table width="900"><tr><td>wide</td></tr></table></body>');
    const r = await browser.render(wide, 375);
    expect(r.overflowing.length).toBeGreaterThan(0);
    expect(r.scrollWidth).toBeGreaterThan(r.clientWidth);
  });
});
