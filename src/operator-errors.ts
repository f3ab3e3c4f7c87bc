// Errors an operator can fix, said as what to fix: the setting involved, what was tried and the next step.
// Expected errors print one line (no stack trace); --verbose adds the stack.
import fs from 'node:fs';
import { ConfigError } from './config.js';
import { CoordinatorError } from './errors.js';

/** A command line that cannot run as given (exit code 2, with the verb's usage). */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** The database named by DATABASE_URL cannot be used; the message says why and what to do. */
export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError';
}

type Errno = Error & { code?: string; address?: string; port?: number; hostname?: string; errors?: unknown[] };

/** The error and its causes, outermost first (AggregateError members included: pg tries each address). */
function chain(err: unknown): Errno[] {
  const seen: Errno[] = [];
  const walk = (e: unknown) => {
    if (!(e instanceof Error) || seen.includes(e as Errno) || seen.length > 20) return;
    seen.push(e as Errno);
    walk((e as Errno).cause);
    for (const m of (e as Errno).errors ?? []) walk(m);
  };
  walk(err);
  return seen;
}

function target(url: string): { host: string; port: string; user: string; database: string } {
  const u = new URL(url);
  return { host: u.hostname || 'localhost', port: u.port || '5432', user: decodeURIComponent(u.username) || 'postgres', database: decodeURIComponent(u.pathname.slice(1)) || 'postgres' };
}

const unreachable: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * Turns what a Postgres connection threw into a DatabaseSetupError, or returns null when the error is
 * not about reaching the database. Called where DATABASE_URL is known.
 */
export function databaseSetupError(err: unknown, databaseUrl: string): DatabaseSetupError | null {
  const t = target(databaseUrl);
  for (const e of chain(err)) {
    if (e.code && unreachable[e.code]) {
      return new DatabaseSetupError(
        `cannot reach the database at ${t.host}:${t.port} (DATABASE_URL): ${unreachable[e.code]}. ` +
          `Check that Postgres is running and accepts connections there (pg_isready -h ${t.host} -p ${t.port}), or set DATABASE_URL to the right server.`,
        { cause: err },
      );
    }
    if (e.code === '3D000') {
      return new DatabaseSetupError(
        `database "${t.database}" does not exist on ${t.host}:${t.port} (DATABASE_URL). Create it with: createdb -h ${t.host} -p ${t.port} -U ${t.user} ${t.database}`,
        { cause: err },
      );
    }
    if (e.code === '28P01' || e.code === '28000') {
      return new DatabaseSetupError(`the database at ${t.host}:${t.port} refused user "${t.user}" (DATABASE_URL): ${e.message}. Check the user name and password in DATABASE_URL.`, { cause: err });
    }
  }
  return null;
}

/** "process 123 (node bin/coordinator.js start)" where the system says what the process is. */
export function describeProcess(pid: number): string {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (cmd.length) return `process ${pid} (${cmd.map((a) => a.replace(/^.*\/(?=[^/]+\/[^/]+$)/, '')).join(' ')})`;
  } catch {}
  return `process ${pid}`;
}

/** The one line to print for an error, and the exit code. */
export function explainError(err: unknown, o: { verbose: boolean }): { message: string; code: number } {
  const stack = (e: unknown) => (o.verbose && e instanceof Error && e.stack ? `\n${chain(e).map((c) => c.stack).join('\ncaused by: ')}` : '');
  if (err instanceof UsageError) return { message: `${err.message}${err.usage ? `\n\n${err.usage}` : ''}`, code: 2 };
  if (err instanceof ConfigError || err instanceof DatabaseSetupError) return { message: err.message + stack(err), code: 1 };
  if (err instanceof CoordinatorError && err.code === 'DATA_DIR_LOCKED') {
    const m = /^(.*?) is in use by process (\d+)$/.exec(err.message);
    const message = m
      ? `${m[1]} is in use by ${describeProcess(Number(m[2]))}. Stop it first, or give this command another folder with DATA_DIR=…, or point every instance at one Postgres database with DATABASE_URL`
      : err.message;
    return { message: message + stack(err), code: 1 };
  }
  if (err instanceof CoordinatorError) return { message: err.message + stack(err), code: 1 };
  const e = err instanceof Error ? err : new Error(String(err));
  const first = (e as Errno).code === 'ENOENT' && (e as Errno & { path?: string }).path ? `no such file: ${(e as Errno & { path?: string }).path}` : e.message;
  return { message: o.verbose ? first + stack(e) : `${first} (run again with --verbose for the stack trace)`, code: 1 };
}
