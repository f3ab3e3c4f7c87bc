// The measures `npm run eval` prints after the labelled sets, one line each: reply stripping and
// automatic-mail detection on the public corpus in ../shared/corpus (said plainly when it is not there),
// human mail misread as automatic, and the learned parts' plain and cross-validated figures.
import fs from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------------
// Corpus measures (one process, no spawning). Each returns one printed line.

export async function corpusLines({ root, shared, sets, verbose }) {
  const corpus = path.join(shared, 'corpus');
  const out = [];
  if (!fs.existsSync(corpus)) {
    out.push(`corpus  skipped: ${path.relative(root, corpus)} is not here (reply-stripping, automatic-mail and human-misread read it)`);
    return [...out, ...(await learnedLines({ root, verbose }))];
  }
  const miss = (label, items) => {
    if (verbose && items.length) for (const m of items) process.stdout.write(`  ${label} miss: ${m}\n`);
  };
  const { splitBody, parseEmail } = await import(path.join(root, 'src', 'parse', 'index.ts'));

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
    for (const { name, dir } of sets) {
      for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
        const gold = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
        if (!['brief', 'thread', 'reply', 'command'].includes(gold.kind)) continue;
        const eml = path.join(dir, f.replace(/\.json$/, '.eml'));
        if (!fs.existsSync(eml)) continue;
        const e = await parseEmail(fs.readFileSync(eml)).catch(() => null);
        dn++;
        if (e?.automated && e.automated.kind !== 'list') {
          dfp++;
          fps.push(`${name}/${f} → ${e.automated.kind} (${e.automated.reason})`);
        }
      }
    }
    miss('human-mail false positive', fps);
    out.push(
      `automatic-mail  recall ${(hit / Math.max(1, n)).toFixed(2)} (${hit}/${n}: ${per.join(', ')}${excluded.length ? `; ${excluded.length} plain spam left out` : ''}) · human misread ${fp + dfp}/${hn + dn} = ${((fp + dfp) / Math.max(1, hn + dn)).toFixed(2)} (corpus ${fp}/${hn}, ${sets.map((x) => x.name).join(' + ')} ${dfp}/${dn})`,
    );
  }

  return [...out, ...(await learnedLines({ root, verbose }))];
}

/** The learned parts: plain figures of the committed model and cross-validated ones from a fresh training run. */
async function learnedLines({ root, verbose }) {
  const { requestTrainingRun, requestLines, readLabelled, parakweetFile } = await import(path.join(root, 'scripts', 'train-requests.ts'));
  const { isActionable } = await import(path.join(root, 'src', 'understand', 'intent.ts'));
  const { requestModel } = await import(path.join(root, 'src', 'understand', 'learn', 'model.ts'));
  const run = requestTrainingRun({ compare: verbose });
  const out = requestLines(run);
  const committed = requestModel();
  if (JSON.stringify(committed.weights) !== JSON.stringify(run.model.weights) || committed.bias !== run.model.bias)
    out.push('intent  the committed model differs from what the training data gives now: run `npm run train` and commit the weights');
  if (verbose) {
    for (const r of readLabelled(parakweetFile)) {
      const got = isActionable(r.sentence); // what `coordinator intent FILE` says
      if (got !== r.label) process.stdout.write(`  intent miss: ${got ? 'FP' : 'FN'} ${r.sentence}\n`);
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
