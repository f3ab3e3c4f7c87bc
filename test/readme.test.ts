// The README's example commands, checked: the Quick start is what CI runs, every command it lists exists,
// and the swaks example sends a brief that becomes a project (sent here with the same headers and body).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coordinator } from './support/cli.js';
import { testDatabases } from './support/databases.js';
import { startTestService, type TestService } from './support/service.js';

const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
const section = (title: string) => readme.slice(readme.indexOf(`## ${title}\n`), readme.indexOf('\n## ', readme.indexOf(`## ${title}\n`) + 3));

describe('README', () => {
  it('Quick start is two commands, and .ci/run runs exactly those in a fresh clone', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(section('Quick start'))![1]!.trim().split('\n');
    expect(block).toEqual(['npm ci && npm run demo', 'npm test']);
    const ci = fs.readFileSync(path.resolve('.ci/run'), 'utf8');
    expect(ci).toMatch(/git clone .*\n(?:.*\n)*?npm ci --no-audit --no-fund\nnpm run demo\n(?:.*\n)*?npm test\n/);
    const pkg = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };
    expect(pkg.scripts).toMatchObject({ demo: expect.any(String), test: expect.any(String) });
    expect(section('Quick start')).toContain(`Node.js ${pkg.engines.node.replace('>=', '')} or later`);
  });

  it('lists exactly the commands `coordinator --help` knows', async () => {
    const listed = [...section('Command line').matchAll(/^- `([a-z-]+)/gm)].map((m) => m[1]);
    const { stdout } = await coordinator(['--help']);
    const known = [...stdout.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]);
    expect([...new Set(listed)].sort()).toEqual([...known].sort());
  }, 180_000);
});

describe.each(testDatabases)('the README swaks example on $name', (database) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(database, { COORDINATOR_ADDRESS: 'coordinator@localhost' });
  });
  afterAll(async () => svc?.close());

  it('becomes a project with Tom’s task (its body does not start with "-", which swaks reads as an option)', async () => {
    const line = /swaks --server[\s\S]*?--body "([^"]*)"/.exec(readme)!;
    const [, body] = line;
    const to = /--to (\S+)/.exec(line[0])![1]!;
    const from = /--from (\S+)/.exec(line[0])![1]!;
    const subject = /--header "Subject: ([^"]*)"/.exec(line[0])![1]!;
    expect(body!.startsWith('-')).toBe(false);
    // What swaks sends: its own Date and Message-ID, the given headers, the body as the text.
    const raw = [`Date: Mon, 03 Mar 2025 15:00:00 +0000`, `To: ${to}`, `From: ${from}`, `Subject: ${subject}`, `Message-Id: <20250303150000.1@readme.example>`, 'X-Mailer: swaks v20201014.0 jetmore.org/john/code/swaks/', '', body, ''].join('\r\n');
    expect(await svc.sendRaw(raw, { from, to: [to] })).toMatch(/^250 /);
    await svc.settle();
    const { body: list } = await svc.api<{ tasks: { title: string; owner_name: string | null }[] }>('/api/tasks');
    expect(list.tasks).toEqual([expect.objectContaining({ title: 'Finish the screenshots', owner_name: 'Tom' })]);
  });
});
