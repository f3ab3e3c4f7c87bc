// A whole service for flow tests: real SMTP listener, real HTTP server, real job queue, on a test database
// and a manual clock, with mail captured locally.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { ManualClock, systemClock } from '../../src/domain/clock.js';
import type { DepsOverrides } from '../../src/deps.js';
import { startService, type Service } from '../../src/main.js';
import type { TestDatabase } from './databases.js';

export interface TestService extends Service {
  clock: ManualClock;
  base: string;
  /** Sends raw bytes to the SMTP listener as a real client would; resolves with the server's answer. */
  sendRaw(raw: Buffer | string, envelope?: { from: string; to: string[] }): Promise<string>;
  /** Waits until the queue is idle (processing and sending done). */
  settle(): Promise<void>;
  api<T = unknown>(p: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startTestService(
  database: TestDatabase,
  env: Record<string, string> = {},
  now = '2025-03-03T15:00:00Z',
  overrides: Omit<DepsOverrides, 'store' | 'clock' | 'queueSchema'> = {},
): Promise<TestService> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coordinator-test-'));
  const store = await database.open();
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    SMTP_PORT: '0',
    COORDINATOR_ADDRESS: 'coordinator@contoso.com',
    COORDINATOR_SECRET: 'test-secret-0123456789abcdef',
    COORDINATOR_CLOCK: 'manual',
    COORDINATOR_NOW: now,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const clock = new ManualClock(new Date(now));
  const service = await startService(config, { store, clock: config.clock.mode === 'manual' ? clock : systemClock, queueSchema: store.queueSchema, log: pino({ level: 'silent' }), ...overrides });
  const base = `http://127.0.0.1:${service.httpPort}`;
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: service.smtpPort!, secure: false, ignoreTLS: true });
  return {
    ...service,
    clock,
    base,
    async sendRaw(raw, envelope = { from: 'sender@example.com', to: [config.address] }) {
      const info = await client.sendMail({ envelope, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw) });
      return info.response;
    },
    async settle() {
      await service.drain();
    },
    async api(p, init) {
      const res = await fetch(base + p, init);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      return { status: res.status, body: body as never };
    },
    async close() {
      client.close();
      await service.stop();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
