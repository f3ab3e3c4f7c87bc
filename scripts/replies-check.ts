// Reply commands on sentences we wrote ourselves (scripts/replies-data): dev.tsv and check.tsv are what the
// rules were developed on, check2–check4.tsv were written afterwards (see the README there for what was read when). Prints command accuracy, false
// commands and a confusion table, like the eval's command figures. `npx tsx scripts/replies-check.ts [--verbose]`
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDateCtx } from '../src/understand/dates.js';
import { People } from '../src/understand/people.js';
import { readReply } from '../src/understand/replies/index.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'replies-data');
const verbose = process.argv.includes('--verbose');
const dates = makeDateCtx(new Date('2026-06-09T09:00:00Z'), 'Europe/London', true);
const people = new People([]);
const names = ['Sam Okafor', 'Lena Berg', 'Tomás Reyes', 'Aisha Khan', 'Ravi Menon', "Kate O'Neill", 'Jan Vos', 'Inês Lopes', 'Dwayne Price', 'Mia Chen', 'Hamish Wright', 'Priya Nair', 'Olu Adeyemi', 'Grace Kim', 'Tariq Aziz', 'Dana Ruiz', 'Kwame Mensah', 'Beth Cole', 'Lucía Gómez', 'Marc Dubois', 'Anke Müller', 'Joost de Vries', 'Chiara Rossi', 'João Silva'];
for (const n of names) people.add({ name: n, address: `${n.split(' ')[0]!.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '')}@example.org` });

for (const set of ['dev', 'check', 'check2', 'check3', 'check4']) {
  const rows = fs.readFileSync(path.join(dir, `${set}.tsv`), 'utf8').split('\n').filter(Boolean).map((l) => {
    const [gold, text] = l.split('\t') as [string, string];
    return { gold, text: text.replace(/\\n/g, '\n').replace(/\\\\/g, '\\') };
  });
  let ok = 0, withCmd = 0, falseCmd = 0, without = 0;
  const confusion = new Map<string, number>();
  for (const { gold, text } of rows) {
    const pred = readReply(text, { dates, people, ccAddresses: [] })?.command.action ?? 'null';
    if (gold === 'null') (without++, pred !== 'null' && falseCmd++);
    else (withCmd++, pred === gold && ok++);
    if (pred !== gold) {
      confusion.set(`${gold} → ${pred}`, (confusion.get(`${gold} → ${pred}`) ?? 0) + 1);
      if (verbose) console.log(`  ${set} ${gold} → ${pred}: ${JSON.stringify(text)}`);
    }
  }
  const f = (a: number, b: number) => (b ? (a / b).toFixed(2) : '-');
  console.log(`replies ${set.padEnd(5)} command ${f(ok, withCmd)} (${ok}/${withCmd}) · false-command ${f(falseCmd, without)} (${falseCmd}/${without})` +
    (confusion.size ? ` · misses ${[...confusion].map(([k, n]) => `${k} ${n}`).join(', ')}` : ''));
}
