// MIME-2: a message that makes the parser loop or eat memory is stopped and reported as a limit error
// (so it is quarantined), the event loop keeps running meanwhile, and the next message parses normally.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIsolatedParser, type IsolatedParser } from '../../src/parse/isolated.js';
import { parseEmail, ParseLimitError } from '../../src/parse/index.js';
import { fixture } from '../support/fixtures.js';

const misbehaving = pathToFileURL(path.resolve('test/fixtures/parse-workers/misbehaving.ts')).href;
let parser: IsolatedParser | undefined;
afterEach(async () => {
  await parser?.close();
  parser = undefined;
});

describe('isolated parsing', () => {
  it('gives the same result as parsing in process, and passes limit errors through', async () => {
    parser = createIsolatedParser();
    const raw = fixture('brief-gmail-forward.eml');
    expect(await parser.parse(raw)).toEqual(await parseEmail(raw));
    const err = await parser.parse(raw, { maxBytes: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseLimitError);
    const direct = await parseEmail(raw, { maxBytes: 100 }).catch((e: unknown) => e);
    expect((err as ParseLimitError).code).toBe((direct as ParseLimitError).code);
  });

  it('stops a parse that never ends, keeps the event loop free meanwhile, and parses the next message', async () => {
    // The limit also covers starting the worker, which takes seconds on a loaded machine: 8 s, not 1.5 s.
    parser = createIsolatedParser({ script: misbehaving, timeoutMs: 8000 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    try {
      const err = await parser.parse(Buffer.from('HANG')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ParseLimitError);
      expect((err as ParseLimitError).code).toBe('PARSE_TIMEOUT');
      expect(ticks).toBeGreaterThan(5); // timers ran while the worker looped
    } finally {
      clearInterval(timer);
    }
    expect(await parser.parse(Buffer.from('next one'))).toEqual({ subject: 'next one' });
  });

  it('stops a parse that exhausts its memory cap, and parses the next message', async () => {
    parser = createIsolatedParser({ script: misbehaving, maxMemoryMb: 48, timeoutMs: 30_000 });
    const err = await parser.parse(Buffer.from('GROW')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseLimitError);
    expect((err as ParseLimitError).code).toBe('PARSE_OUT_OF_MEMORY');
    expect(await parser.parse(Buffer.from('after'))).toEqual({ subject: 'after' });
  });
});
