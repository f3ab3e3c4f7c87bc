// The only file that knows environment variable names. Everything else receives a typed, frozen Config.
import path from 'node:path';
import { z } from 'zod';
import { canonicalAddress } from './domain/address.js';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** A URL whose scheme must be one of `schemes`: `localhost:11434/v1` parses as a URL with the scheme
 * "localhost:", so a plain url() check lets a missing scheme through and the setting silently fails later. */
const urlWith = (schemes: string[], example: string) =>
  z.string().refine((v) => {
    try {
      return schemes.includes(new URL(v).protocol.slice(0, -1));
    } catch {
      return false;
    }
  }, `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}, e.g. ${example}`);

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    SMTP_HOST: z.string().optional(), // bind address for the inbound listener; defaults to HOST
    SMTP_LISTENER: bool.default(true),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: urlWith(['postgres', 'postgresql'], 'postgres://user:password@127.0.0.1:5432/coordinator').optional(),
    // Checked by our own strict parser (domain/address.ts): zod's email() refuses a domain without a dot,
    // such as the default's.
    COORDINATOR_ADDRESS: z
      .string()
      .refine((a) => canonicalAddress(a) !== null, 'must be a plain address like coordinator@example.com')
      .default('coordinator@localhost'),
    COORDINATOR_NAME: z.string().default('Coordinator'),
    COORDINATOR_SECRET: z.string().min(16).optional(),
    COORDINATOR_CLOCK: z.enum(['real', 'manual']).default('real'),
    COORDINATOR_NOW: z.string().datetime({ offset: true }).optional(),
    COORDINATOR_TZ: z.string().default('UTC'), // fallback zone for people we know nothing about
    PUBLIC_URL: urlWith(['https', 'http'], 'https://coordinator.example.com').optional(),
    ADMIN_TOKEN: z.string().min(8).optional(),
    SMTP_URL: urlWith(['smtp', 'smtps'], 'smtp://user:password@smtp.example.com:587').optional(),
    MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
    MAX_RECIPIENTS: z.coerce.number().int().positive().default(50),
    MAX_MIME_DEPTH: z.coerce.number().int().positive().default(20),
    PARSE_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
    PARSE_MAX_MEMORY_MB: z.coerce.number().int().min(32).default(512),
    TICK_INTERVAL_SECONDS: z.coerce.number().positive().default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Understanding: an OpenAI-compatible server for the LLM engine (unset OPENAI_MODEL = rules engine only)
    OPENAI_BASE_URL: urlWith(['https', 'http'], 'http://localhost:11434/v1').optional(),
    OPENAI_MODEL: z.string().optional(),
    OPENAI_API_KEY: z.string().optional(),
    LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
    LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    LLM_MAX_INPUT_CHARS: z.coerce.number().int().positive().default(12_000),
    LLM_DAILY_CALLS_PER_SENDER: z.coerce.number().int().positive().default(50),
    // Mail plumbing (docs/channels.md)
    MAIL_TRANSPORT: z.enum(['capture', 'smtp', 'ses']).optional(),
    SMTP_REQUIRE_TLS: bool.default(false),
    SMTP_TLS_ALLOW_INVALID: bool.default(false),
    DKIM_PRIVATE_KEY: z.string().optional(),
    DKIM_SELECTOR: z.string().optional(),
    DKIM_DOMAIN: z.string().optional(),
    AWS_REGION: z.string().optional(),
    AWS_ACCESS_KEY_ID: z.string().optional(),
    AWS_SECRET_ACCESS_KEY: z.string().optional(),
    AWS_SESSION_TOKEN: z.string().optional(),
    SES_ENDPOINT: urlWith(['https', 'http'], 'https://email.eu-west-1.amazonaws.com').optional(),
    SES_CONFIGURATION_SET: z.string().optional(),
    S3_ENDPOINT: urlWith(['https', 'http'], 'https://s3.eu-west-1.amazonaws.com').optional(),
    IMAP_URL: z.string().regex(/^imaps?:\/\//, 'must start with imaps:// or imap://').optional(),
    IMAP_PROCESSED: z.enum(['flag', 'move']).default('flag'),
    IMAP_PROCESSED_FOLDER: z.string().default('Processed'),
    IMAP_POLL_SECONDS: z.coerce.number().positive().default(60),
    SNS_TOPIC_ARNS: z.string().optional(),
    INBOUND_SECRET: z.string().min(16).optional(),
    // Who may command by email (AUTH-2/3/4): token = a valid reply token plus an allowed From (works
    // offline); dmarc = also a DMARC pass aligned with From, else the command waits for the token owner.
    COMMAND_AUTH: z.enum(['token', 'dmarc']).default('token'),
    AUTH_TRUSTED_AUTHSERV_ID: z.string().optional(),
    // How long a reply token may change tasks by itself, counted from the email it came with; an older
    // one still works, but only after its owner confirms the command.
    REPLY_TOKEN_DAYS: z.coerce.number().positive().default(30),
    // Morning digest (issue 5)
    DIGEST_ENABLED: bool.default(true),
    DIGEST_SPREAD_MINUTES: z.coerce.number().int().min(0).max(120).default(10),
    DIGEST_RISK_OVERDUE_PER_OWNER: z.coerce.number().int().min(0).default(2),
    DIGEST_ESCALATION_DAYS: z.coerce.number().int().min(1).default(3),
    // Free/busy feeds (meetings): read by a sync outside any transaction, cached for slot finding.
    FREEBUSY_REFRESH_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    FREEBUSY_HORIZON_DAYS: z.coerce.number().int().min(1).max(366).default(30),
    FREEBUSY_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
    FREEBUSY_ALLOW_PRIVATE: bool.default(false), // feeds on loopback, link-local or private addresses (an intranet calendar)
  })
  .superRefine((c, ctx) => {
    const loopback = c.HOST === '127.0.0.1' || c.HOST === 'localhost' || c.HOST === '::1';
    if (!loopback && !c.ADMIN_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_TOKEN'], message: 'required when HOST is not a loopback address' });
    }
    if ((c.MAIL_TRANSPORT ?? (c.SMTP_URL ? 'smtp' : 'capture')) === 'smtp' && !c.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'required when MAIL_TRANSPORT=smtp' });
    }
    if (c.MAIL_TRANSPORT === 'ses' && !c.AWS_REGION) ctx.addIssue({ code: 'custom', path: ['AWS_REGION'], message: 'required when MAIL_TRANSPORT=ses' });
    if (!!c.DKIM_PRIVATE_KEY !== !!c.DKIM_SELECTOR) {
      ctx.addIssue({ code: 'custom', path: ['DKIM_SELECTOR'], message: 'DKIM_PRIVATE_KEY and DKIM_SELECTOR go together' });
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
  readonly secret: string | undefined; // when unset, the one in the database (store/secrets.ts)
  readonly clock: { readonly mode: 'real' | 'manual'; readonly start: Date | undefined };
  readonly defaultTimeZone: string;
  readonly publicUrl: string;
  readonly publicUrlSet: boolean; // false: derived from the port actually bound
  readonly adminToken: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly limits: { readonly maxBytes: number; readonly maxRecipients: number; readonly maxMimeDepth: number };
  readonly parser: { readonly timeoutMs: number; readonly maxMemoryMb: number };
  readonly tickIntervalMs: number;
  readonly logLevel: string;
  readonly llm:
    | {
        readonly baseURL: string | undefined;
        readonly model: string;
        readonly apiKey: string | undefined;
        readonly timeoutMs: number;
        readonly maxRetries: number;
        readonly maxInputChars: number;
        readonly dailyCallsPerSender: number;
      }
    | undefined; // set when OPENAI_MODEL is
  readonly mail: {
    readonly transport: 'capture' | 'smtp' | 'ses';
    readonly smtpRequireTls: boolean;
    readonly smtpAllowInvalidCert: boolean;
    readonly dkim: { readonly domainName: string; readonly keySelector: string; readonly privateKey: string } | undefined;
  };
  readonly aws: {
    readonly region: string | undefined;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } | undefined;
    readonly sesEndpoint: string | undefined;
    readonly sesConfigurationSet: string | undefined;
    readonly s3Endpoint: string | undefined;
  };
  readonly imap: { readonly url: string; readonly processed: 'flag' | 'move'; readonly folder: string; readonly pollMs: number } | undefined;
  readonly inbound: { readonly secret: string | undefined; readonly snsTopicArns: readonly string[] };
  readonly freeBusy: { readonly refreshMinutes: number; readonly horizonDays: number; readonly concurrency: number; readonly allowPrivate: boolean };
  readonly commandAuth: { readonly policy: 'token' | 'dmarc'; readonly trustedAuthservIds: readonly string[]; readonly tokenDays: number };
  readonly digest: { readonly enabled: boolean; readonly spreadMinutes: number; readonly riskOverduePerOwner: number; readonly escalationDays: number };
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
    parser: Object.freeze({ timeoutMs: e.PARSE_TIMEOUT_MS, maxMemoryMb: e.PARSE_MAX_MEMORY_MB }),
    tickIntervalMs: e.TICK_INTERVAL_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    llm: e.OPENAI_MODEL
      ? Object.freeze({
          baseURL: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          apiKey: e.OPENAI_API_KEY,
          timeoutMs: e.LLM_TIMEOUT_MS,
          maxRetries: e.LLM_MAX_RETRIES,
          maxInputChars: e.LLM_MAX_INPUT_CHARS,
          dailyCallsPerSender: e.LLM_DAILY_CALLS_PER_SENDER,
        })
      : undefined,
    mail: Object.freeze({
      transport: e.MAIL_TRANSPORT ?? (e.SMTP_URL ? 'smtp' : 'capture'),
      smtpRequireTls: e.SMTP_REQUIRE_TLS,
      smtpAllowInvalidCert: e.SMTP_TLS_ALLOW_INVALID,
      dkim:
        e.DKIM_PRIVATE_KEY && e.DKIM_SELECTOR
          ? Object.freeze({ domainName: e.DKIM_DOMAIN ?? address.split('@')[1]!, keySelector: e.DKIM_SELECTOR, privateKey: e.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n') })
          : undefined,
    }),
    aws: Object.freeze({
      region: e.AWS_REGION,
      credentials:
        e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
          ? Object.freeze({ accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY, ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}) })
          : undefined,
      sesEndpoint: e.SES_ENDPOINT,
      sesConfigurationSet: e.SES_CONFIGURATION_SET,
      s3Endpoint: e.S3_ENDPOINT,
    }),
    imap: e.IMAP_URL ? Object.freeze({ url: e.IMAP_URL, processed: e.IMAP_PROCESSED, folder: e.IMAP_PROCESSED_FOLDER, pollMs: e.IMAP_POLL_SECONDS * 1000 }) : undefined,
    freeBusy: Object.freeze({ refreshMinutes: e.FREEBUSY_REFRESH_MINUTES, horizonDays: e.FREEBUSY_HORIZON_DAYS, concurrency: e.FREEBUSY_CONCURRENCY, allowPrivate: e.FREEBUSY_ALLOW_PRIVATE }),
    inbound: Object.freeze({
      secret: e.INBOUND_SECRET,
      snsTopicArns: Object.freeze((e.SNS_TOPIC_ARNS ?? '').split(',').map((a) => a.trim()).filter(Boolean)),
    }),
    commandAuth: Object.freeze({
      policy: e.COMMAND_AUTH,
      trustedAuthservIds: Object.freeze((e.AUTH_TRUSTED_AUTHSERV_ID ?? '').split(',').map((a) => a.trim().toLowerCase()).filter(Boolean)),
      tokenDays: e.REPLY_TOKEN_DAYS,
    }),
    digest: Object.freeze({
      enabled: e.DIGEST_ENABLED,
      spreadMinutes: e.DIGEST_SPREAD_MINUTES,
      riskOverduePerOwner: e.DIGEST_RISK_OVERDUE_PER_OWNER,
      escalationDays: e.DIGEST_ESCALATION_DAYS,
    }),
  });
}
