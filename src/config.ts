// The only file that knows environment variable names. Everything else receives a typed, frozen Config.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    SMTP_HOST: z.string().optional(), // bind address for the inbound listener; defaults to HOST
    SMTP_LISTENER: bool.default(true),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z.string().url().optional(),
    COORDINATOR_ADDRESS: z.string().email().default('coordinator@localhost'),
    COORDINATOR_NAME: z.string().default('Coordinator'),
    COORDINATOR_SECRET: z.string().min(16).optional(),
    COORDINATOR_CLOCK: z.enum(['real', 'manual']).default('real'),
    COORDINATOR_NOW: z.string().datetime({ offset: true }).optional(),
    COORDINATOR_TZ: z.string().default('UTC'), // fallback zone for people we know nothing about
    PUBLIC_URL: z.string().url().optional(),
    ADMIN_TOKEN: z.string().min(8).optional(),
    SMTP_URL: z.string().url().optional(),
    MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
    MAX_RECIPIENTS: z.coerce.number().int().positive().default(50),
    MAX_MIME_DEPTH: z.coerce.number().int().positive().default(20),
    TICK_INTERVAL_SECONDS: z.coerce.number().positive().default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((c, ctx) => {
    const loopback = c.HOST === '127.0.0.1' || c.HOST === 'localhost' || c.HOST === '::1';
    if (!loopback && !c.ADMIN_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_TOKEN'], message: 'required when HOST is not a loopback address' });
    }
  });

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly smtp: { readonly enabled: boolean; readonly port: number; readonly host: string };
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly address: string; // coordinator@domain
  readonly domain: string;
  readonly name: string;
  readonly secret: string | undefined; // when unset, deps generates one and keeps it in dataDir
  readonly clock: { readonly mode: 'real' | 'manual'; readonly start: Date | undefined };
  readonly defaultTimeZone: string;
  readonly publicUrl: string;
  readonly publicUrlSet: boolean; // false: derived from the port actually bound
  readonly adminToken: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly limits: { readonly maxBytes: number; readonly maxRecipients: number; readonly maxMimeDepth: number };
  readonly tickIntervalMs: number;
  readonly logLevel: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const address = e.COORDINATOR_ADDRESS.toLowerCase();
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    smtp: Object.freeze({ enabled: e.SMTP_LISTENER, port: e.SMTP_PORT, host: e.SMTP_HOST ?? e.HOST }),
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    address,
    domain: address.split('@')[1]!,
    name: e.COORDINATOR_NAME,
    secret: e.COORDINATOR_SECRET,
    clock: Object.freeze({ mode: e.COORDINATOR_CLOCK, start: e.COORDINATOR_NOW ? new Date(e.COORDINATOR_NOW) : undefined }),
    defaultTimeZone: e.COORDINATOR_TZ,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    publicUrlSet: !!e.PUBLIC_URL,
    adminToken: e.ADMIN_TOKEN,
    smtpUrl: e.SMTP_URL,
    limits: Object.freeze({ maxBytes: e.MAX_MESSAGE_BYTES, maxRecipients: e.MAX_RECIPIENTS, maxMimeDepth: e.MAX_MIME_DEPTH }),
    tickIntervalMs: e.TICK_INTERVAL_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
  });
}
