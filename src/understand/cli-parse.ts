// `coordinator parse FILE.eml [--now ISO] [--tz IANA]`: no DB, no network, only the file is read.
import { readFile } from 'node:fs/promises';
import { parseEmail } from '../parse/index.js';
import type { ParsedEmail } from '../parse/types.js';
import { contractView, type Understanding } from './contract.js';
import { createRulesEngine } from './index.js';
import type { UnderstandContext, UnderstandingEngine } from './types.js';

export function fixedZone(offsetMinutes: number | null): string {
  if (offsetMinutes === null) return 'UTC';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const a = Math.abs(offsetMinutes);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export function cliContext(email: ParsedEmail, opts: { now?: string; tz?: string }): UnderstandContext {
  let now = opts.now ? new Date(opts.now) : email.date ?? new Date();
  if (Number.isNaN(now.getTime())) now = email.date ?? new Date();
  const timeZone = opts.tz ?? fixedZone(email.dateOffsetMinutes);
  const assistants = [...email.to, ...email.cc, ...(email.from ? [email.from] : [])]
    .map((a) => a.address)
    .filter((a) => /^(?:coordinator|assistant)(?:\+[^@]*)?@/.test(a));
  return { now, timeZone, assistantAddresses: [...new Set(assistants)] };
}

export async function understandRaw(raw: Buffer, opts: { now?: string; tz?: string }, engine: UnderstandingEngine = createRulesEngine()): Promise<Understanding> {
  const email = await parseEmail(raw);
  return engine.understand(email, cliContext(email, opts));
}

let cliEngine: UnderstandingEngine | null = null;

/** COORDINATOR_ENGINE=openai (`npm run eval -- --engine openai`): rules + LLM from OPENAI_*, cached in memory. */
export async function engineForCli(): Promise<UnderstandingEngine> {
  if (cliEngine) return cliEngine;
  const name = (process.env.COORDINATOR_ENGINE ?? 'rules').toLowerCase();
  if (name === 'rules' || name === '') return (cliEngine = createRulesEngine());
  if (name !== 'openai' && name !== 'llm') throw new Error(`unknown engine "${name}" (rules | openai)`);
  const { loadConfig } = await import('../config.js');
  const { createCombinedEngine } = await import('./llm.js');
  const config = loadConfig();
  if (!config.llm) throw new Error('the openai engine needs OPENAI_MODEL (and OPENAI_BASE_URL / OPENAI_API_KEY for the server)');
  const log = { warn: (o: Record<string, unknown>, m: string) => process.stderr.write(`${m} ${JSON.stringify(o)}\n`) };
  return (cliEngine = createCombinedEngine({ llm: config.llm, log }));
}

export async function parseFile(path: string, opts: { now?: string; tz?: string }): Promise<Understanding> {
  return contractView(await understandRaw(await readFile(path), opts, await engineForCli()));
}
