// `npm run demo`: the whole story, by itself, offline. Starts the service on a manual clock in a temporary
// data folder, sends a forwarded brief over SMTP, waits for the plan reply, and prints what happened.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/main.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const line = (s = '') => process.stdout.write(s + '\n');

async function api<T>(base: string, p: string): Promise<T> {
  const res = await fetch(base + p);
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
  return (await res.json()) as T;
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
    COORDINATOR_NOW: '2026-03-02T14:05:30Z',
    LOG_LEVEL: 'warn',
  });
  const service = await startService(config, { log: pino({ level: 'warn' }) });
  const base = `http://127.0.0.1:${service.httpPort}`;
  try {
    line(`Coordinator demo — service on ${base}, SMTP in on 127.0.0.1:${service.smtpPort}, data in ${dataDir}`);
    line(`Clock: manual, ${service.deps.clock.now().toISOString()}\n`);

    const brief = fs.readFileSync(path.join(here, 'fixtures', 'demo-brief.eml'));
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: service.smtpPort!, secure: false, ignoreTLS: true });
    const info = await client.sendMail({
      envelope: { from: 'maya.lin@northwind.test', to: ['coordinator@northwind.test'] },
      raw: brief,
    });
    client.close();
    line(`1. Maya forwarded a brief over SMTP → ${info.response}`);

    type Outbox = { messages: { id: number; kind: string; subject: string; to: string[]; inReplyTo: string | null; text: string }[] };
    let reply: Outbox['messages'][number] | undefined;
    for (let i = 0; i < 100 && !reply; i++) {
      await service.drain();
      reply = (await api<Outbox>(base, '/api/outbox')).messages.find((m) => m.kind === 'plan_reply');
      if (!reply) await new Promise((r) => setTimeout(r, 100));
    }
    if (!reply) throw new Error('no reply to the brief within 10 s');

    const { projects } = await api<{ projects: { id: number; name: string }[] }>(base, '/api/projects');
    const { project } = await api<{ project: { id: number; name: string; tasks: { number: number; title: string; owner_email: string | null; owner_name: string | null; due_date: string | null; status: string }[]; members: { email: string; display_name: string; role: string }[] } }>(base, `/api/projects/${projects[0]!.id}`);
    line(`2. Project #${project.id} "${project.name}" with ${project.tasks.length} tasks and ${project.members.length} people:`);
    for (const t of project.tasks) line(`   ${t.number}. ${t.title} — ${t.owner_email ?? t.owner_name ?? 'no owner'} — due ${t.due_date ?? 'no date'} — ${t.status}`);
    line(`\n3. The reply Maya got (threaded under <${reply.inReplyTo}>), also at ${base}/outbox/${reply.id}:`);
    line(`   To: ${reply.to.join(', ')}\n   Subject: ${reply.subject}\n`);
    line(reply.text.replace(/^/gm, '   | '));
    line(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
