import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = path.resolve(root, '../shared');
export const devSet = path.join(sharedDir, 'eval/dev');

/** A labelled message from the shared dev set, by its number ("02" → 02-brief-gmail-fwd-numbered.eml). */
export function devEmail(n: string): { raw: Buffer; gold: any; file: string } {
  const file = fs.readdirSync(devSet).find((f) => f.startsWith(`${n}-`) && f.endsWith('.eml'));
  if (!file) throw new Error(`no dev email ${n}`);
  const raw = fs.readFileSync(path.join(devSet, file));
  const gold = JSON.parse(fs.readFileSync(path.join(devSet, file.replace(/\.eml$/, '.json')), 'utf8'));
  return { raw, gold, file };
}

export function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(root, 'test/fixtures', name));
}
