// Everything a test reads lives in the repository: public corpus files copied unchanged under
// test/fixtures/corpus (their origin and licence in test/fixtures/PROVENANCE.md) and messages we wrote
// ourselves under test/fixtures/mail.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.join(root, 'test/fixtures');
export const corpusDir = path.join(fixturesDir, 'corpus');
export const mailDir = path.join(fixturesDir, 'mail');

export function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(fixturesDir, name));
}

/** A public corpus file by its path under test/fixtures/corpus ("sisimai-set-of-emails/bsd/arf-01.eml"). */
export function corpus(p: string): Buffer {
  return fs.readFileSync(path.join(corpusDir, p));
}

/** A message we wrote, by name ("brief-gmail-forward" → test/fixtures/mail/brief-gmail-forward.eml). */
export function mail(name: string): Buffer {
  return fs.readFileSync(mailPath(name));
}

export function mailPath(name: string): string {
  return path.join(mailDir, `${name}.eml`);
}
