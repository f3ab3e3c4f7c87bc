#!/usr/bin/env node
// `npm run eval`: scores `coordinator parse` on the dev set (or --set DIR) with the shared scorer.
// For speed, predictions for every .eml are written in one process (the same code path as
// `coordinator parse FILE`, with the same defaults), then score.mjs scores them with --predictions.
// --cmd runs the slow one-process-per-file form instead. --engine NAME is passed on as COORDINATOR_ENGINE.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '..', 'shared');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : undefined;
};
const setDir = path.resolve(opt('set') ?? path.join(shared, 'eval', 'dev'));
const scorer = path.join(shared, 'eval', 'score.mjs');
const env = { ...process.env };
if (opt('engine')) env.COORDINATOR_ENGINE = opt('engine');
const extra = [];
if (opt('min-f1')) extra.push('--min-f1', opt('min-f1'));

let res;
if (args.includes('--cmd')) {
  res = spawnSync(process.execPath, [scorer, setDir, '--jobs', '2', ...extra, process.execPath, path.join(root, 'bin', 'coordinator.js'), 'parse'], {
    cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
} else {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'coordinator-eval-'));
  if (opt('engine')) process.env.COORDINATOR_ENGINE = opt('engine');
  const { register } = await import('tsx/esm/api');
  register();
  const { parseFile } = await import(path.join(root, 'src', 'understand', 'cli-parse.ts'));
  for (const f of fs.readdirSync(setDir).filter((f) => f.endsWith('.eml')).sort()) {
    try {
      // exactly what `coordinator parse FILE` prints (no --now/--tz: the contract defaults apply)
      const u = await parseFile(path.join(setDir, f), {});
      fs.writeFileSync(path.join(out, f.replace(/\.eml$/, '.json')), JSON.stringify(u, null, 2) + '\n');
    } catch (err) {
      process.stderr.write(`${f}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  res = spawnSync(process.execPath, [scorer, setDir, '--predictions', out, ...extra], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!args.includes('--keep')) fs.rmSync(out, { recursive: true, force: true });
  else process.stderr.write(`predictions kept in ${out}\n`);
}
const text = (res.stdout ?? '') + (res.stderr ?? '');
const lines = text.trimEnd().split('\n');
const summary = lines.filter((l) => /^kind\s/.test(l)).pop() ?? lines.pop() ?? '';
const rest = lines.filter((l) => l !== summary);
if (rest.length) console.log(rest.join('\n'));
console.log(summary);
process.exit(res.status ?? 1);
