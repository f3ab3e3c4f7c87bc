// `npm run demo`: the whole story, by itself, offline. It starts the service on a manual clock in a
// temporary data folder and talks to it only as users and operators would: mail over SMTP, time moved
// through POST /api/admin/clock, results read from the HTTP API.
//   1. Maya forwards a brief → project, tasks, a threaded plan reply, kickoff invites
//   2. days pass → Tom is nudged on the morning his task is due, in his own time zone
//   3. Tom replies "done" → the task closes and he gets a short confirmation
//   4. next morning → the project lead's digest
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/main.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = (s = '') => process.stdout.write(s + '\n');
const indent = (s: string, prefix = '   | ') => s.trimEnd().replace(/^/gm, prefix);

interface Mail {
  id: number;
  kind: string;
  subject: string;
  to: string[];
  cc: string[];
  inReplyTo: string | null;
  messageId: string;
  text: string;
  status: string;
  createdAt: string;
}
interface Task {
  number: number;
  title: string;
  owner_email: string | null;
  owner_name: string | null;
  due_date: string | null;
  status: string;
}

export async function runDemo(): Promise<number> {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coordinator-demo-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    SMTP_PORT: '0',
    COORDINATOR_ADDRESS: 'coordinator@northwind.test',
    COORDINATOR_CLOCK: 'manual',
    COORDINATOR_NOW: '2026-03-02T14:05:30Z', // Monday 09:05 in New York
    COORDINATOR_TZ: 'America/New_York',
    LOG_LEVEL: 'warn',
  });
  const service = await startService(config, { log: pino({ level: 'warn' }) });
  const base = `http://127.0.0.1:${service.httpPort}`;
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: service.smtpPort!, secure: false, ignoreTLS: true });

  const api = async <T>(p: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(base + p, init);
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${p}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const outbox = async () => (await api<{ messages: Mail[] }>('/api/outbox')).messages.slice().reverse();
  const seen = new Set<number>();
  const fresh = async () => {
    const all = await outbox();
    const news = all.filter((m) => !seen.has(m.id));
    news.forEach((m) => seen.add(m.id));
    return news;
  };
  const moveClock = async (iso: string) => {
    const r = await api<{ now: string; jobsRun: number }>('/api/admin/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: iso }) });
    return r.now;
  };
  const waitFor = async (pred: (m: Mail) => boolean, what: string) => {
    for (let i = 0; i < 100; i++) {
      await service.drain();
      const hit = (await outbox()).find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${what} within 10 s`);
  };

  try {
    out(`Coordinator demo: service on ${base}, SMTP in on 127.0.0.1:${service.smtpPort}, data in ${dataDir}`);
    out(`Mail is captured locally: ${base}/outbox. Clock: manual, ${service.deps.clock.now().toISOString()}.`);

    // 1. The brief.
    out('\n1. Maya forwards a brief to coordinator@northwind.test over SMTP');
    const info = await smtp.sendMail({
      envelope: { from: 'maya.lin@northwind.test', to: ['coordinator@northwind.test'] },
      raw: fs.readFileSync(path.join(here, 'fixtures', 'demo-brief.eml')),
    });
    out(`   server: ${info.response}`);
    const plan = await waitFor((m) => m.kind === 'plan_reply', 'reply to the brief');
    const { projects } = await api<{ projects: { id: number }[] }>('/api/projects');
    const projectPath = `/api/projects/${projects[0]!.id}`;
    type ProjectBody = { project: { id: number; name: string; tasks: Task[]; members: { email: string }[]; meetings?: { title: string; status: string; starts_at?: string; attendees?: { email: string; partstat: string }[] }[] } };
    let { project } = await api<ProjectBody>(projectPath);
    out(`   project #${project.id} "${project.name}": ${project.tasks.length} tasks, ${project.members.length} people`);
    for (const t of project.tasks) out(`     ${t.number}. ${t.title} | ${t.owner_email ?? t.owner_name ?? 'no owner'} | due ${t.due_date ?? '-'}`);
    out(`\n   The threaded reply Maya got (In-Reply-To <${plan.inReplyTo}>):`);
    out(indent(plan.text));
    await service.drain();
    const first = await fresh();
    const invites = first.filter((m) => m.kind.includes('invite') || /invitation|invite/i.test(m.subject));
    if (invites.length) {
      out(`\n   Kickoff invites (iMIP REQUEST), one per attendee: ${invites.map((m) => m.to.join(', ')).join('; ')}`);
      out(`   "${invites[0]!.subject}"`);
    }
    for (const m of first.filter((m) => m.kind !== 'plan_reply' && !invites.includes(m))) out(`   also sent: ${m.kind} to ${m.to.join(', ')}: ${m.subject}`);

    // 2. Days pass.
    const tom = project.tasks.find((t) => t.owner_email === 'tom.becker@northwind.test');
    out('\n2. The clock moves through the week (POST /api/admin/clock); each owner is nudged on the morning a task is due');
    let nudge: Mail | undefined;
    for (const day of ['2026-03-03T14:00:00Z', '2026-03-04T14:00:00Z', '2026-03-05T14:00:00Z', '2026-03-06T14:30:00Z']) {
      const now = await moveClock(day);
      const sent = await fresh();
      out(`   ${now}: ${sent.length ? sent.map((m) => `${m.kind} → ${m.to.join(', ')}`).join('; ') : 'nothing due'}`);
      nudge ??= sent.find((m) => m.kind === 'nudge' && m.to.includes('tom.becker@northwind.test'));
    }
    if (!nudge) throw new Error(`Tom was not nudged about task ${tom?.number} (due ${tom?.due_date})`);
    out(`\n   Tom's nudge: "${nudge.subject}"`);
    out(indent(nudge.text));

    // 3. Tom replies "done" from Gmail, to the reply address on the nudge.
    const raw = Buffer.from(await (await fetch(`${base}/api/outbox/${nudge.id}/raw`)).arrayBuffer());
    const replyAddress = (await simpleParser(raw)).replyTo?.value[0]?.address;
    if (!replyAddress) throw new Error('the nudge has no reply address');
    out(`\n3. Tom replies "Done, uploaded them this morning" to ${replyAddress}`);
    const quoted = nudge.text.split('\n').map((l) => `> ${l}`).join('\r\n');
    await smtp.sendMail({
      envelope: { from: 'tom.becker@northwind.test', to: [replyAddress] },
      raw: [
        'From: Tom Becker <tom.becker@northwind.test>',
        `To: Coordinator <${replyAddress}>`,
        `Subject: Re: ${nudge.subject}`,
        'Date: Fri, 6 Mar 2026 10:12:00 -0500',
        'Message-ID: <CAtom-done-1@mail.gmail.com>',
        `In-Reply-To: <${nudge.messageId}>`,
        `References: <${nudge.messageId}>`,
        'Content-Type: text/plain; charset=UTF-8',
        '',
        'Done, uploaded them this morning.',
        '',
        'On Fri, Mar 6, 2026 at 9:30 AM Coordinator <coordinator@northwind.test> wrote:',
        quoted,
        '',
      ].join('\r\n'),
    });
    const confirmation = await waitFor((m) => m.inReplyTo === 'CAtom-done-1@mail.gmail.com', 'confirmation');
    seen.add(confirmation.id);
    ({ project } = await api<ProjectBody>(projectPath));
    const closed = project.tasks.find((t) => t.number === tom?.number);
    out(`   task ${closed?.number} "${closed?.title}" is now ${closed?.status}; the threaded confirmation:`);
    out(indent(confirmation.text));

    // 4. The next working morning: digests at 08:00 in each person's zone.
    // Maya's zone was learned from her Date header (-05:00), so her 08:00 stays 13:00 UTC after the US
    // DST change on 8 March until she sets an IANA zone.
    out('\n4. Monday morning: the digests, sent from 08:00 in each person\'s zone');
    await moveClock('2026-03-09T13:30:00Z');
    const digests = (await fresh()).filter((m) => m.kind === 'digest');
    if (digests.length) {
      for (const d of digests) out(`   digest → ${d.to.join(', ')}: "${d.subject}"`);
      const lead = digests.find((d) => d.to.includes('maya.lin@northwind.test')) ?? digests[0]!;
      out(`\n   ${lead.to[0]}'s digest (text part):`);
      out(indent(lead.text.split('\n').slice(0, 40).join('\n')));
    } else {
      out('   (no digest was due)');
    }

    const all = await outbox();
    const kinds = all.reduce<Record<string, number>>((acc, m) => ({ ...acc, [m.kind]: (acc[m.kind] ?? 0) + 1 }), {});
    out(`\nOutbox: ${all.length} messages (${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}), all captured locally.`);
    out(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    smtp.close();
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
