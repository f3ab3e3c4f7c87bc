// A corrected plan read by the LLM engine, with the service's own database cache and call budget, against
// a local Chat Completions wire-format server (POST /v1/chat/completions). The list is read before the
// reply's transaction: on PGlite (one connection) a cache read from inside it would wait on itself.
// Runs on PGlite and, when TEST_DATABASE_URL is set, Postgres.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { outbox, replyTo, withToken } from '../follow-through/mail.js';
import { chatCompletion } from '../support/chat-completion.js';

const dana = { name: 'Dana Whitfield', address: 'dana.whitfield@contoso.com' };
const list = 'Tom: order the replacement scanners by 7 March';

let server: http.Server;
let baseURL = '';
const asked: string[] = [];

const completion = (content: unknown) => chatCompletion(JSON.stringify(content));

beforeAll(async () => {
  // The model finds Tom's task in the message that holds it, and nothing in any other.
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const prompt = JSON.stringify(JSON.parse(raw).messages ?? []);
      asked.push(prompt);
      const tasks = prompt.includes('order the replacement scanners')
        ? [{ title: 'Order the replacement scanners', owner_email: 'tom.baker@contoso.com', owner_name: 'Tom', due_phrase: 'by 7 March', evidence: list }]
        : [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion({ tasks, meeting: null })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe.each(testDatabases)('plan correction read by the LLM engine on $name', (database) => {
  let svc: TestService | undefined;
  afterEach(async () => {
    await svc?.close();
    svc = undefined;
  });

  it('against a local Chat Completions wire-format server: the corrected list replaces the draft and starts it', async () => {
    asked.length = 0;
    svc = await startTestService(database, { OPENAI_MODEL: 'local-model', OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: 'test-key' }, '2025-03-03T09:31:00Z');
    const brief = [
      `From: ${dana.name} <${dana.address}>`,
      'To: Coordinator <coordinator@contoso.com>',
      'Cc: Tom Baker <tom.baker@contoso.com>',
      'Subject: Fwd: Scanner rollout',
      'Date: Mon, 03 Mar 2025 09:31:00 +0000',
      `Message-ID: <plan-llm-${Date.now()}@contoso.com>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hi,\n\nForwarding this for reference. The scanner rollout went well last quarter.\n\nDana',
    ].join('\r\n');
    expect(await svc.sendRaw(brief, { from: dana.address, to: ['coordinator@contoso.com'] })).toMatch(/^250 /);
    await svc.settle();
    const project = async () => {
      const id = (await svc!.api<{ projects: { id: number }[] }>('/api/projects')).body.projects[0]!.id;
      return (await svc!.api<{ project: { status: string; tasks: { title: string; owner_email: string | null; due_date: string | null }[] } }>(`/api/projects/${id}`)).body.project;
    };
    expect((await project()).status).toBe('draft');
    expect(asked).toHaveLength(1);

    const plan = await withToken(svc, (await outbox(svc)).find((m) => m.kind === 'plan_reply')!);
    const { raw } = replyTo(plan, { client: 'outlook', from: dana, body: list, date: 'Mon, 03 Mar 2025 11:00:00' });
    expect(await svc.sendRaw(raw, { from: dana.address, to: ['coordinator@contoso.com'] })).toMatch(/^250 /);
    await svc.settle();

    expect(asked).toHaveLength(2);
    expect(asked[1]).toContain(list);
    const p = await project();
    expect(p.status).toBe('active');
    expect(p.tasks.map((t) => [t.title, t.owner_email, t.due_date])).toEqual([['Order the replacement scanners', 'tom.baker@contoso.com', '2025-03-07']]);
    expect((await outbox(svc)).filter((m) => m.kind === 'plan_confirmation').map((m) => m.to)).toEqual([[dana.address]]);
  }, 60_000);
});
