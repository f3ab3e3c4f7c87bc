// The emails people get from follow-through, as composed by the code that sends them, rendered in
// headless Chromium at desktop and phone widths: nothing overflows, nothing is fetched from outside.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeConfirmation } from '../../src/outbound/confirmation.js';
import { composeClarification } from '../../src/outbound/clarification.js';
import { composeNudge } from '../../src/outbound/nudge.js';
import { composePlanReply } from '../../src/outbound/plan-reply.js';
import { launchChromium, type EmailBrowser } from '../support/chromium.js';

const long = 'Reconcile the supplier invoices for the Rotterdam warehouse against the purchase orders from Q3';
const emails = {
  nudge: composeNudge({
    recipientName: 'Lena Fischer',
    items: [
      { number: 1, title: 'Order the replacement scanners', projectName: 'Warehouse scanner rollout', dueDate: '2025-03-07', overdueWorkingDays: 0, escalated: false },
      { number: 2, title: long, projectName: 'Finance close <March>', dueDate: '2025-03-03', overdueWorkingDays: 4, escalated: true },
    ],
    leadNames: ['Dana Whitfield'],
    unsubscribeHint: true,
    publicUrl: 'http://localhost:3000',
  }),
  confirmation: composeConfirmation({ recipientName: 'Lena', originalSubject: 'Reminder: 2 open items', changed: [`“${long}”: open → done`], unchanged: [], undoable: true }),
  clarification: composeClarification({ recipientName: 'Lena', originalSubject: 'Reminder: 2 open items', problem: 'I could not tell which task you meant.', examples: ['done 1', 'move 2 to Friday'] }),
  plan: composePlanReply({
    projectName: 'Warehouse scanner rollout',
    recipientName: 'Dana',
    tasks: [{ number: 1, title: long, owner: { name: 'Omar Haddad', address: 'omar.haddad@contoso.com' }, dueDate: '2025-03-14' }],
    meeting: null,
    originalSubject: 'Fwd: Warehouse scanner rollout',
    projectUrl: 'http://localhost:3000/projects/1',
  }),
};

describe('follow-through emails in Chromium', () => {
  let browser: EmailBrowser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('the nudge shows each numbered task and the reply commands, escaped', () => {
    const html = emails.nudge.html;
    expect(html).toContain('Order the replacement scanners');
    expect(html).toContain('Finance close &lt;March&gt;');
    expect(html).not.toContain('<March>');
    expect(html).toMatch(/move 3 to Friday|move 2 to Friday/);
    expect(emails.nudge.text).toContain('2. ' + long);
  });

  for (const [name, email] of Object.entries(emails)) {
    for (const width of [600, 375]) {
      it(`${name} fits ${width} px without horizontal overflow or outside requests`, async () => {
        const shot = path.resolve('test-artifacts/emails', `${name}-${width}.png`);
        const r = await browser.render(email.html, width, shot);
        expect(r.externalRequests).toEqual([]);
        expect(r.overflowing).toEqual([]);
        expect(r.scrollWidth).toBeLessThanOrEqual(r.clientWidth);
      });
    }
  }
});
