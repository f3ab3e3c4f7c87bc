#!/usr/bin/env node
// `npm run eval`: scores `coordinator parse` on the dev set (or --set DIR) with the shared scorer.
// For speed, predictions for every .eml are written in one process (the same code path as
// `coordinator parse FILE`, with the same defaults), then score.mjs scores them with --predictions.
// --cmd runs the slow one-process-per-file form instead. --engine NAME is passed on as COORDINATOR_ENGINE.
// Before the summary line it also prints one line each for the corpus measures (reply stripping,
// automatic-mail detection, sentence intent): see corpusLines below. --no-corpus skips them, --verbose
// lists every corpus miss.
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

const { register: tsxRegister } = await import('tsx/esm/api');
let registered = false;
function register() {
  if (!registered) tsxRegister();
  registered = true;
}
let res;
if (args.includes('--cmd')) {
  res = spawnSync(process.execPath, [scorer, setDir, '--jobs', '2', ...extra, process.execPath, path.join(root, 'bin', 'coordinator.js'), 'parse'], {
    cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
} else {
  register();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'coordinator-eval-'));
  if (opt('engine')) process.env.COORDINATOR_ENGINE = opt('engine');
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
if (!args.includes('--no-corpus')) {
  register();
  for (const l of await corpusLines({ root, shared, setDir, verbose: args.includes('--verbose') })) console.log(l);
}
console.log(summary);
process.exit(res.status ?? 1);

// ---------------------------------------------------------------------------------------------------
// Corpus measures (one process, no spawning). Each returns one printed line.

async function corpusLines({ root, shared, setDir, verbose }) {
  const corpus = path.join(shared, 'corpus');
  const out = [];
  const miss = (label, items) => {
    if (verbose && items.length) for (const m of items) process.stdout.write(`  ${label} miss: ${m}\n`);
  };
  const { splitBody, parseEmail } = await import(path.join(root, 'src', 'parse', 'index.ts'));
  const { isActionable } = await import(path.join(root, 'src', 'understand', 'intent.ts'));

  // 1. reply / quote stripping
  {
    const sets = ['github-email_reply_parser', 'zapier-email-reply-parser', 'willdurand-EmailReplyParser', 'crisp-oss-email-reply-parser'];
    let pass = 0, total = 0, slow = 0;
    const fails = [];
    const per = [];
    for (const set of sets) {
      const dir = path.join(corpus, set);
      if (!fs.existsSync(path.join(dir, 'expected.json'))) continue;
      const exp = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
      let sp = 0, st = 0;
      for (const c of exp.cases) {
        const file = path.join(dir, c.file);
        if (!fs.existsSync(file)) continue;
        const body = fs.readFileSync(file, 'utf8');
        const variants = c.template_placeholder && c.substitutions ? c.substitutions.map((v) => [v, body.split(c.template_placeholder).join(v)]) : [[null, body]];
        for (const [sub, text] of variants) {
          const checks = replyChecks(c, exp.constants ?? {}, sub);
          if (!checks.length && !c.max_parse_ms) continue;
          const t0 = performance.now();
          const visible = splitBody(text, false).newText;
          const ms = performance.now() - t0;
          const failed = checks.filter((ch) => !ch.ok(visible)).map((ch) => ch.what);
          if (c.max_parse_ms && ms > c.max_parse_ms) {
            failed.push(`took ${Math.round(ms)} ms`);
            slow++;
          }
          st++;
          if (!failed.length) sp++;
          else fails.push(`${set}/${c.file}${sub ? ` [${sub.slice(0, 30)}]` : ''}: ${failed.join('; ')}`);
        }
      }
      pass += sp;
      total += st;
      per.push(`${set.split('-')[0]} ${sp}/${st}`);
    }
    miss('reply-stripping', fails);
    out.push(`reply-stripping  ${(pass / Math.max(1, total)).toFixed(2)}  (${pass}/${total} fixture cases whose visible reply text matches; ${per.join(', ')}${slow ? `; ${slow} over the time limit` : ''})`);
  }

  // 2. automatic-mail detection: recall on machine mail, false positives on human mail
  {
    const machineSets = ['sisimai-set-of-emails/bsd', 'rjbs-Mail-DeliveryStatus-BounceParser', 'cfortune-PHP-Bounce-Handler'];
    let hit = 0, n = 0;
    const misses = [];
    const excluded = [];
    const per = [];
    for (const s of machineSets) {
      const dir = path.join(corpus, s);
      if (!fs.existsSync(dir)) continue;
      let sh = 0, sn = 0;
      const labels = fs.existsSync(path.join(dir, 'labels.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'labels.json'), 'utf8')).labels ?? {} : {};
      for (const f of fs.readdirSync(dir).sort()) {
        if (/^LICENSE|\.json$|\.md$/i.test(f)) continue;
        // plain spam kept upstream to show the bounce parser finds no report in it (no reason label): not machine mail
        if (/^spam-/.test(f) && !labels[f]?.std_reason) {
          excluded.push(f);
          continue;
        }
        const e = await parseEmail(fs.readFileSync(path.join(dir, f))).catch(() => null);
        sn++;
        if (e?.automated) sh++;
        else misses.push(`${s}/${f}`);
      }
      hit += sh;
      n += sn;
      per.push(`${s.split(/[-/]/)[0]} ${sh}/${sn}`);
    }
    miss('automatic-mail', misses);
    // human mail: corpus messages that a person wrote (file names that mark DSN/ARF/MDN/calendar/spam
    // fixtures are left out), the sisimai "not a bounce" negatives from people, and the dev set's
    // brief/thread/reply messages. A list classification is not a false positive (lists are not
    // machine *replies*); bounce/complaint/auto-reply/read-receipt/calendar-reply are.
    const machineName = /bounce|dsn|deliver|disposition|mdn|feedback|arf|fbl|complain|spam|invit|calendar|\.cal\.|\.ics$|sendlater|report|autoreply|vacation|warning|rb-issue|unsubscribe/i;
    // read and found machine-written although their names don't say so: a DSN, a delivery-status report,
    // and notifications from no-reply senders (a CRM, Gmail, a DMARC service, an issue tracker)
    const machineByReading = new Set(['jhillyerd-enmime/testdata/mail/multipart-wo-boundary.raw', 'mikel-mail/mime_emails/raw_email_with_mimepart_without_content_type.eml', 'mikel-mail/error_emails/encoding_madness.eml', 'mikel-mail/mime_emails/raw_email_encoded_stack_level_too_deep.eml', 'mikel-mail/plain_emails/raw_email_trailing_dot.eml', 'mozilla-thunderbird/mail/components/extensions/test/xpcshell/messages/attachmentOnly.eml']);
    const humanDirs = ['mailgun-flanker', 'jhillyerd-enmime/testdata', 'nodemailer-mailparser', 'postalsys-postal-mime', 'mikel-mail', 'apache-james-project', 'mozilla-thunderbird/mailnews/test/data', 'mozilla-thunderbird/mail', 'jstedfast-MimeKit', 'stalwartlabs-mail-parser', 'sisimai-set-of-emails/not'];
    const files = [];
    const walk = (d) => {
      for (const f of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, f.name);
        if (f.isDirectory()) walk(p);
        else if (/\.(?:eml|msg|raw|txt)$/i.test(f.name) && !/^LICENSE|^COPYING|^README/i.test(f.name) && !machineName.test(path.relative(corpus, p)) && !machineByReading.has(path.relative(corpus, p))) files.push(p);
      }
    };
    for (const d of humanDirs) if (fs.existsSync(path.join(corpus, d))) walk(path.join(corpus, d));
    let fp = 0, hn = 0;
    const fps = [];
    for (const f of files) {
      const raw = fs.readFileSync(f);
      if (!/^[\w-]+:/m.test(raw.subarray(0, 2000).toString('latin1'))) continue; // not a message
      const e = await parseEmail(raw).catch(() => null);
      if (!e) continue;
      hn++;
      if (e.automated && e.automated.kind !== 'list') {
        fp++;
        fps.push(`${path.relative(corpus, f)} → ${e.automated.kind} (${e.automated.reason})`);
      }
    }
    let dn = 0, dfp = 0;
    for (const f of fs.readdirSync(setDir).filter((x) => x.endsWith('.json')).sort()) {
      const gold = JSON.parse(fs.readFileSync(path.join(setDir, f), 'utf8'));
      if (!['brief', 'thread', 'reply', 'command'].includes(gold.kind)) continue;
      const eml = path.join(setDir, f.replace(/\.json$/, '.eml'));
      if (!fs.existsSync(eml)) continue;
      const e = await parseEmail(fs.readFileSync(eml)).catch(() => null);
      dn++;
      if (e?.automated && e.automated.kind !== 'list') {
        dfp++;
        fps.push(`dev/${f} → ${e.automated.kind} (${e.automated.reason})`);
      }
    }
    miss('human-mail false positive', fps);
    out.push(
      `automatic-mail  recall ${(hit / Math.max(1, n)).toFixed(2)} (${hit}/${n}: ${per.join(', ')}${excluded.length ? `; ${excluded.length} plain spam left out` : ''}) · human misread ${fp + dfp}/${hn + dn} = ${((fp + dfp) / Math.max(1, hn + dn)).toFixed(2)} (corpus ${fp}/${hn}, dev ${dfp}/${dn})`,
    );
  }

  // 3. sentence intent (request / commitment)
  {
    const file = path.join(corpus, 'ParakweetLabs-EmailIntentDataSet', 'Ask0729-fixed.txt');
    if (fs.existsSync(file)) {
      let tp = 0, fp = 0, fn = 0, tn = 0;
      const errs = [];
      for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
        const m = line.match(/^(Yes|No)\t(.*)$/);
        if (!m) continue;
        const gold = m[1] === 'Yes';
        const pred = isActionable(m[2]);
        if (gold && pred) tp++;
        else if (!gold && pred) {
          fp++;
          errs.push(`FP ${m[2]}`);
        } else if (gold && !pred) {
          fn++;
          errs.push(`FN ${m[2]}`);
        } else tn++;
      }
      miss('intent', errs);
      const p = tp / Math.max(1, tp + fp), r = tp / Math.max(1, tp + fn);
      const f1 = p + r ? (2 * p * r) / (p + r) : 0;
      out.push(`intent  P ${p.toFixed(2)} R ${r.toFixed(2)} F1 ${f1.toFixed(2)}  (${tp + fp + fn + tn} sentences; tp ${tp} fp ${fp} fn ${fn} tn ${tn}; same decision as \`coordinator intent FILE\`)`);
    }
  }
  return out;
}

/** What a reply-parser fixture case says about the visible (unquoted, unsigned) text. */
function replyChecks(c, constants, sub) {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const checks = [];
  const eq = (want, what) => checks.push({ what: `${what} ≠ ${JSON.stringify(norm(want).slice(0, 40))}`, ok: (v) => norm(v) === norm(want) });
  const has = (want, what) => checks.push({ what: `${what} lacks ${JSON.stringify(want.slice(0, 40))}`, ok: (v) => norm(v).includes(norm(want)) });
  const hasNot = (want, what) => checks.push({ what: `${what} still has ${JSON.stringify(want.slice(0, 40))}`, ok: (v) => !norm(v).includes(norm(want)) });
  const re = (src, flags = 'm') => new RegExp(src, flags);
  for (const k of ['reply_equals', 'visible_text_equals', 'reply_equals_trimmed']) if (typeof c[k] === 'string') eq(c[k], k);
  if (c.first_fragment_trimmed_equals) {
    const v = c.first_fragment_trimmed_equals.replace(/^\$(\w+)$/, (_, n) => constants[n] ?? '');
    eq(v, 'first fragment');
  }
  for (const s of c.reply_contains ?? []) has(s, 'reply');
  for (const s of c.reply_not_contains ?? []) hasNot(s, 'reply');
  // per-fragment expectations: visible fragments must show, hidden/quoted/signature ones must not
  const flag = (name, i) => (c[name]?.[i] ?? c[`${name}_at`]?.[String(i)] ?? null);
  const idx = new Set([...Object.keys(c.fragment_equals ?? {}), ...Object.keys(c.fragment_contains ?? {}), ...Object.keys(c.fragment_regex ?? {}), ...Object.keys(c.fragment_not_contains ?? {}), ...Object.keys(c.fragment_equals_template ?? {})]);
  for (const key of idx) {
    const i = Number(key);
    const texts = [];
    if (c.fragment_equals?.[key] !== undefined) texts.push(c.fragment_equals[key]);
    if (c.fragment_equals_template?.[key] !== undefined && sub) texts.push(c.fragment_equals_template[key].replace('{FROM}', sub));
    const contains = c.fragment_contains?.[key] ?? [];
    const regexes = c.fragment_regex?.[key] ?? [];
    let hidden = flag('hidden', i) === true || flag('quoted', i) === true || flag('signature', i) === true;
    if (flag('hidden', i) === null && flag('quoted', i) === null && flag('signature', i) === null) {
      const head = [...texts, ...regexes.map((r) => r.replace(/^\^/, '')), ...contains][0] ?? '';
      if (i === 0) hidden = false; // a message starts with its own text unless the flags say otherwise
      else if (/^(?:On\b|>|_|--|-\w|\\?-\\?-|From:|De:|Van:|Da:|\{FROM\})/.test(head.trimStart())) hidden = true;
      else continue; // can't tell where this fragment goes
    }
    for (const t of texts) if (t.trim().length >= 2) (hidden ? (norm(t).length >= 12 ? hasNot : () => {}) : has)(t, `fragment ${i}`);
    for (const s of contains) (hidden ? (s.length >= 5 ? hasNot : () => {}) : has)(s, `fragment ${i}`);
    for (const s of c.fragment_not_contains?.[key] ?? []) hasNot(s, `fragment ${i}`);
    for (const r of regexes) {
      if (hidden) checks.push({ what: `fragment ${i} /${r}/ still visible`, ok: (v) => !re(r).test(v.trim()) });
      else checks.push({ what: `fragment ${i} /${r}/ not visible`, ok: (v) => re(r).test(v.trim()) || re(r).test(norm(v)) });
    }
  }
  return checks;
}
