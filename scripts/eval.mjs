#!/usr/bin/env node
// `npm run eval`: scores `coordinator parse` on labelled sets with the shared scorer, then prints the corpus
// measures and the learned parts' plain and cross-validated figures. For speed, predictions for every .eml
// are written in one process (the same code path as `coordinator parse FILE`, with the same defaults) and
// score.mjs scores them with --predictions; --cmd runs the real CLI once per file instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusLines } from './eval-corpus.mjs';

const USAGE = `usage: npm run eval -- [--set dev|dev2|all | --dir PATH] [options]

Scores \`coordinator parse\` on a folder of .eml messages with gold .json files, then prints the corpus
measures (reply stripping, automatic mail, human mail misread), the request classifier's plain and 5-fold
cross-validated figures, and last the one-line score summary.

  --set NAME      a named set under ../shared/eval (dev, dev2, …); "all" scores every named set, one summary
                  line each and a combined one last (default: dev)
  --dir PATH      score any folder of .eml + gold .json instead
  --cmd           run \`coordinator parse FILE\` once per message (slow; checks the real CLI)
  --engine NAME   passed on as COORDINATOR_ENGINE
  --min-f1 X      exit 1 when task F1 < X
  --no-corpus     skip the corpus and classifier lines
  --verbose       list every corpus miss
  --keep          keep the predictions folder
  --help          this text`;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '..', 'shared');
const evalRoot = path.join(shared, 'eval');
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : undefined;
};
const fail = (msg) => {
  console.error(msg);
  process.exit(2);
};
const hasMail = (d) => fs.existsSync(d) && fs.statSync(d).isDirectory() && fs.readdirSync(d).some((f) => f.endsWith('.eml'));
const namedSets = () => (fs.existsSync(evalRoot) ? fs.readdirSync(evalRoot).filter((d) => hasMail(path.join(evalRoot, d))).sort() : []);

/** The sets to score, each { name, dir }. */
function chooseSets() {
  if (opt('dir')) {
    const dir = path.resolve(opt('dir'));
    const paired = hasMail(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.eml') && fs.existsSync(path.join(dir, f.replace(/\.eml$/, '.json'))));
    if (!paired) fail(`--dir ${opt('dir')}: no .eml message with a gold .json beside it there (give a folder of NAME.eml + NAME.json)`);
    return [{ name: path.basename(dir), dir }];
  }
  const set = opt('set') ?? 'dev';
  if (set === 'all') {
    const names = namedSets();
    if (!names.length) fail(`no named sets under ${path.relative(root, evalRoot)}: pass a folder of .eml + gold .json with --dir PATH`);
    return names.map((name) => ({ name, dir: path.join(evalRoot, name) }));
  }
  if (hasMail(path.join(evalRoot, set))) return [{ name: set, dir: path.join(evalRoot, set) }];
  if (hasMail(path.resolve(set))) return [{ name: path.basename(path.resolve(set)), dir: path.resolve(set) }]; // an older form: --set PATH
  fail(`no evaluation set "${set}" (${path.relative(root, path.join(evalRoot, set))} is not there): pass a folder of .eml + gold .json with --dir PATH`);
}

const sets = chooseSets();
const scorer = path.join(evalRoot, 'score.mjs');
if (!fs.existsSync(scorer)) fail(`the scorer ${path.relative(root, scorer)} is not there: it comes with the shared evaluation sets`);
if (opt('engine')) process.env.COORDINATOR_ENGINE = opt('engine');
const extra = opt('min-f1') ? ['--min-f1', opt('min-f1')] : [];

const { register: tsxRegister } = await import('tsx/esm/api');
tsxRegister();

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'coordinator-eval-'));
for (const s of sets) {
  s.predictions = path.join(out, s.name);
  fs.mkdirSync(s.predictions);
  await predict(s.dir, s.predictions);
}
// several sets: one combined folder of links (gold and predictions), names prefixed by the set
const runs = sets.map((s) => ({ label: s.name, dir: s.dir, predictions: s.predictions }));
if (sets.length > 1) {
  const gold = path.join(out, '_all-gold');
  const pred = path.join(out, '_all-predictions');
  fs.mkdirSync(gold);
  fs.mkdirSync(pred);
  for (const s of sets) {
    for (const f of fs.readdirSync(s.dir).filter((f) => /\.(?:eml|json)$/.test(f))) fs.symlinkSync(path.join(s.dir, f), path.join(gold, `${s.name}-${f}`));
    for (const f of fs.readdirSync(s.predictions)) fs.symlinkSync(path.join(s.predictions, f), path.join(pred, `${s.name}-${f}`));
  }
  runs.push({ label: 'all', dir: gold, predictions: pred });
}
const scored = runs.map((r) => {
  const res = spawnSync(process.execPath, [scorer, r.dir, '--predictions', r.predictions, ...extra], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const lines = ((res.stdout ?? '') + (res.stderr ?? '')).trimEnd().split('\n');
  const summary = lines.filter((l) => /^kind\s/.test(l)).pop() ?? lines[lines.length - 1] ?? '';
  return { ...r, status: res.status ?? 1, summary, rest: lines.filter((l) => l !== summary) };
});
if (!args.includes('--keep')) fs.rmSync(out, { recursive: true, force: true });
else process.stderr.write(`predictions kept in ${out}\n`);

const last = scored[scored.length - 1];
if (scored.length === 1) console.log(last.rest.join('\n'));
else {
  // per set: its misses only with --verbose, then one summary line each; the combined summary ends the output
  for (const r of scored.slice(0, -1)) {
    if (args.includes('--verbose')) console.log(`== ${r.label}\n${r.rest.join('\n')}`);
    console.log(`${r.label.padEnd(6)} ${r.summary}`);
  }
}
if (!args.includes('--no-corpus')) {
  for (const l of await corpusLines({ root, shared, sets, verbose: args.includes('--verbose') })) console.log(l);
}
if (scored.length > 1) console.log(`all (${sets.map((s) => s.name).join(' + ')}):`);
console.log(last.summary);
process.exit(Math.max(...scored.map((r) => r.status)));

/** Writes DIR/*.eml's predictions as PRED/*.json: in this process, or with --cmd through the CLI (2 at a time). */
async function predict(dir, pred) {
  const emls = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  const target = (f) => path.join(pred, f.replace(/\.eml$/, '.json'));
  if (args.includes('--cmd')) {
    const queue = [...emls];
    const worker = async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const { code, stdout, stderr } = await run(process.execPath, [path.join(root, 'bin', 'coordinator.js'), 'parse', path.join(dir, f)]);
        if (code === 0) fs.writeFileSync(target(f), stdout);
        else process.stderr.write(`${f}: exit ${code} ${stderr.trim().split('\n').pop() ?? ''}\n`); // no prediction: scored all-wrong
      }
    };
    await Promise.all([worker(), worker()]);
    return;
  }
  const { parseFile } = await import(path.join(root, 'src', 'understand', 'cli-parse.ts'));
  for (const f of emls) {
    try {
      // exactly what `coordinator parse FILE` prints (no --now/--tz: the contract defaults apply)
      fs.writeFileSync(target(f), JSON.stringify(await parseFile(path.join(dir, f), {}), null, 2) + '\n');
    } catch (err) {
      process.stderr.write(`${f}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

function run(cmd, argv) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, env: process.env });
    let stdout = '', stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
