// The `coordinator` command: thin dispatch to the modules that do the work. Every verb parses its options
// strictly before it touches anything, so `--help` only prints and a mistyped option is refused instead
// of being ignored by a command that then acts.
import { parseArgs } from 'node:util';
import { explainError, UsageError } from './operator-errors.js';
import { type Config, loadConfig } from './config.js';

type Options = Record<string, { type: 'string' | 'boolean'; short?: string; help: string; arg?: string }>;
interface Invocation {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}
interface Verb {
  args?: string; // positional arguments, as shown in the usage line
  positionals: [min: number, max: number];
  summary: string;
  details?: string;
  options: Options;
  run(a: Invocation): Promise<number>;
}

const common: Options = {
  help: { type: 'boolean', short: 'h', help: 'print this help and do nothing else' },
  verbose: { type: 'boolean', help: 'on an error, print its stack trace too' },
};

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');
const config = (): Config => loadConfig();

const verbs: Record<string, Verb> = {
  start: {
    positionals: [0, 0],
    summary: 'run the service (HTTP, inbound mail, job runner, scheduled work)',
    details: 'Settings come from environment variables (see .env.example). Stop it with Ctrl-C.',
    options: {},
    async run() {
      const { runService } = await import('./main.js');
      return runService(config());
    },
  },
  demo: {
    positionals: [0, 0],
    summary: 'run the whole story end to end in a temporary data folder, then exit',
    options: {},
    async run() {
      const { runDemo } = await import('../scripts/demo.js');
      return runDemo();
    },
  },
  parse: {
    args: 'FILE.eml',
    positionals: [1, 1],
    summary: 'print what the understanding engine reads from a message, as JSON (no database, no network)',
    options: {
      now: { type: 'string', arg: 'ISO', help: 'the instant to resolve relative dates against (default: the Date header)' },
      tz: { type: 'string', arg: 'IANA', help: "the sender's time zone (default: from the Date header)" },
    },
    async run({ values, positionals }) {
      const { parseFile } = await import('./understand/cli-parse.js');
      const result = await parseFile(positionals[0]!, { now: values.now as string | undefined, tz: values.tz as string | undefined });
      out(JSON.stringify(result, null, 2));
      return 0;
    },
  },
  intent: {
    args: 'FILE',
    positionals: [1, 1],
    summary: 'one sentence per line in, Yes/No per line out (is it a request or a commitment?)',
    options: {},
    async run({ positionals }) {
      const { classifyLines } = await import('./understand/intent.js');
      const { readFile } = await import('node:fs/promises');
      const lines = classifyLines(await readFile(positionals[0]!, 'utf8'));
      if (lines.length) out(lines.join('\n'));
      return 0;
    },
  },
  migrate: {
    positionals: [0, 0],
    summary: 'apply the database migrations (start does this too)',
    options: {},
    async run() {
      const { migrateCommand } = await import('./cli-commands.js');
      out(await migrateCommand(config()));
      return 0;
    },
  },
  reprocess: {
    args: 'ID',
    positionals: [1, 1],
    summary: 're-run processing of a stored inbound message whose processing failed',
    options: {},
    async run({ positionals }) {
      const id = Number(positionals[0]);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError(`ID must be a positive whole number, not ${positionals[0]}`);
      const { reprocessCommand } = await import('./cli-commands.js');
      out(await reprocessCommand(config(), id));
      return 0;
    },
  },
  tick: {
    positionals: [0, 0],
    summary: 'run all scheduled work due at an instant (nudges, digests, feed syncs, retries) and exit',
    details:
      'On the real clock this sends every nudge and digest that is due now, so it needs --yes;\n' +
      'with --now it runs as if it were that instant.',
    options: {
      now: { type: 'string', arg: 'ISO', help: 'run as if it were this instant (e.g. 2025-03-05T08:00:00Z)' },
      yes: { type: 'boolean', help: 'run now on the real clock, sending whatever is due' },
    },
    async run({ values }) {
      const cfg = config();
      const at = values.now as string | undefined;
      if (at !== undefined && Number.isNaN(new Date(at).getTime())) throw new UsageError(`--now: not a date: ${at} (use an ISO time such as 2025-03-05T08:00:00Z)`);
      if (at === undefined && cfg.clock.mode !== 'manual' && !values.yes) {
        throw new UsageError('on the real clock this sends every nudge and digest that is due now: add --yes to go ahead, or --now ISO to run at a given instant');
      }
      const { tickCommand } = await import('./cli-commands.js');
      out(await tickCommand(cfg, at));
      return 0;
    },
  },
  'rotate-secret': {
    positionals: [0, 0],
    summary: 'start signing reply tokens with a new key; the old one keeps verifying for a grace period',
    details: 'Restart every instance afterwards so that they all sign with the new key.',
    options: { 'grace-days': { type: 'string', arg: 'N', help: 'how long tokens signed with the old key still verify (default 30)' } },
    async run({ values }) {
      const days = Number(values['grace-days'] ?? 30);
      if (!Number.isFinite(days) || days < 0) throw new UsageError(`--grace-days must be a number of days, not ${values['grace-days']}`);
      const { rotateSecretCommand } = await import('./cli-commands.js');
      out(await rotateSecretCommand(config(), days));
      return 0;
    },
  },
};

function verbUsage(name: string, v: Verb): string {
  const opts = { ...v.options, ...common };
  const width = Math.max(...Object.entries(opts).map(([k, o]) => optionLabel(k, o).length));
  return [
    `usage: coordinator ${name}${v.args ? ` ${v.args}` : ''} [options]`,
    '',
    `${v.summary[0]!.toUpperCase()}${v.summary.slice(1)}.`,
    ...(v.details ? [v.details] : []),
    '',
    'options:',
    ...Object.entries(opts).map(([k, o]) => `  ${optionLabel(k, o).padEnd(width)}  ${o.help}`),
  ].join('\n');
}

function optionLabel(name: string, o: Options[string]): string {
  return `${o.short ? `-${o.short}, ` : ''}--${name}${o.arg ? ` ${o.arg}` : ''}`;
}

const usage = [
  'usage: coordinator <command> [options]     (coordinator <command> --help for its options)',
  '',
  ...Object.entries(verbs).map(([name, v]) => `  ${`${name}${v.args ? ` ${v.args}` : ''}`.padEnd(22)}${v.summary}`),
].join('\n');

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(usage + '\n');
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const v = rest[0] ? verbs[rest[0]] : undefined;
    out(v ? verbUsage(rest[0]!, v) : usage);
    return 0;
  }
  const verb = verbs[name];
  if (!verb) throw new UsageError(`unknown command: ${name}`, usage);
  let parsed: Invocation;
  try {
    parsed = parseArgs({ args: rest, options: { ...verb.options, ...common }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''), verbUsage(name, verb));
  }
  if (parsed.values.help) {
    out(verbUsage(name, verb));
    return 0;
  }
  const [min, max] = verb.positionals;
  if (parsed.positionals.length < min) throw new UsageError(`missing ${verb.args}`, verbUsage(name, verb));
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument: ${parsed.positionals[max]}`, verbUsage(name, verb));
  return verb.run(parsed);
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const { message, code } = explainError(err, { verbose: argv.includes('--verbose') });
    process.stderr.write(`coordinator ${argv[0] ?? ''}: ${message}\n`);
    process.exit(code);
  },
);
