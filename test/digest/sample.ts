// A realistic digest for rendering tests, screenshots and the benchmark: a person with tasks in two
// projects who also leads one, with a bounced owner, an overloaded owner, a blocked task whose reason
// came from mail (with markup and a link in it), a meeting, and long unbroken words.
import type { DigestInput, DigestTask } from '../../src/outbound/digest.js';

const PUBLIC_URL = 'https://coordinator.example.org';

export function sampleDigestInput(over: Partial<DigestInput> = {}): DigestInput {
  let id = 100;
  const t = (projectId: number, number: number, title: string, extra: Partial<DigestTask> = {}): DigestTask => ({
    id: id++,
    projectId,
    number,
    title,
    status: 'open',
    blockedReason: null,
    dueDate: null,
    completedAt: null,
    owner: { id: 1, name: 'Lena Fischer', unreachable: null },
    ...extra,
  });
  const omar = { id: 2, name: 'Omar Haddad', unreachable: 'mail to omar.haddad@contoso.com bounced (550 5.1.1 user unknown)' };
  const ravi = { id: 3, name: 'Ravi Menon', unreachable: null };
  const mine: DigestTask[] = [
    t(1, 1, 'Order the replacement scanners from the supplier', { dueDate: '2025-03-07' }),
    t(1, 4, 'Book the electrician for the charging bays', { dueDate: '2025-03-10' }),
    t(2, 2, 'Draft the Q2 stock-count schedule <script>alert(1)</script>', { status: 'blocked', blockedReason: 'Waiting for <b>finance</b> to approve — see https://evil.example/x?d=secret', dueDate: '2025-03-12' }),
    t(2, 5, 'Confirm headcount for the night shift (Superlongwordwithoutanybreakswhatsoeverthatmightoverflowasmallphonescreenifnothingwraps)', { dueDate: '2025-03-14' }),
    t(1, 6, 'Send the training slides', { status: 'done', completedAt: new Date('2025-03-09T15:20:00Z') }),
  ];
  const project1: DigestTask[] = [
    mine[0]!,
    mine[1]!,
    mine[4]!,
    t(1, 2, 'Update the floor plan with the new charging bays', { owner: omar, dueDate: '2025-03-05' }),
    t(1, 3, 'Configure the scanners for the WMS', { owner: ravi, dueDate: '2025-03-03' }),
    t(1, 7, 'Test the scanners in aisle 4', { owner: ravi, dueDate: '2025-03-06' }),
    t(1, 8, 'Label the racks', { owner: ravi, dueDate: '2025-03-07' }),
    t(1, 9, 'Write the rollout announcement', { owner: null, dueDate: '2025-03-13' }),
    t(1, 10, 'Decide on spare battery stock', { owner: ravi }),
    t(1, 11, 'Order barcode labels', { owner: ravi, status: 'done', completedAt: new Date('2025-03-10T07:10:00Z') }),
    t(1, 12, 'Collect the old scanners', { owner: omar, status: 'done', completedAt: new Date('2025-03-01T10:00:00Z') }),
    t(1, 13, 'Get quotes', { owner: omar, status: 'cancelled' }),
  ];
  return {
    recipient: { id: 1, name: 'Lena Fischer', email: 'lena.fischer@contoso.com', zone: 'Europe/Berlin' },
    localDate: '2025-03-10',
    now: new Date('2025-03-10T07:00:00Z'),
    deliveryHour: 8,
    since: new Date('2025-03-07T07:00:00Z'),
    yesterday: { start: new Date('2025-03-08T23:00:00Z'), end: new Date('2025-03-09T23:00:00Z') },
    mine,
    projectNames: new Map([
      [1, 'Warehouse scanner rollout'],
      [2, 'Quarterly stock count & night shift'],
    ]),
    projects: [
      {
        id: 1,
        name: 'Warehouse scanner rollout',
        role: 'lead',
        tasks: project1,
        meetings: [{ title: 'Rollout go/no-go', startsAt: new Date('2025-03-12T13:00:00Z'), awaiting: ['Omar Haddad', 'Ravi Menon'] }],
      },
    ],
    publicUrl: PUBLIC_URL,
    unsubscribeUrl: `${PUBLIC_URL}/u/u1abcdefghijklmnopqrstuvwxyz`,
    settings: { riskOverduePerOwner: 2, escalationDays: 3 },
    ...over,
  };
}
