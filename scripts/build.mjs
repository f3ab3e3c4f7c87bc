// `npm run build` (also run by `npm ci` through `prepare`): compiles the TypeScript the command runs to
// JavaScript in dist/, mirroring the repository's layout so relative paths (the request model, the parse
// worker's entry, the demo's fixture, the migrations) resolve the same way. Starting from compiled code
// spares every `coordinator` run the per-module transform that tsx does at load time. Files are compiled
// one by one (no bundling): imports of packages stay imports, so node_modules is used exactly as in tsx.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const files = (dir, ext) =>
  fs.readdirSync(path.join(root, dir), { recursive: true }).map(String).filter((f) => f.endsWith(ext) && !f.endsWith('.test.ts')).map((f) => path.join(dir, f));

// esbuild is a development dependency: an install without them (--omit=dev) has no compiler, and the
// command then runs the sources through tsx as before
const esbuild = await import('esbuild').catch(() => null);
if (!esbuild) {
  process.stderr.write('build: esbuild is not installed; `coordinator` will run the TypeScript sources through tsx\n');
  process.exit(0);
}
fs.rmSync(dist, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: [...files('src', '.ts'), ...files('db/migrations', '.ts'), 'scripts/demo.ts'],
  outdir: dist,
  outbase: root,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
// files read or started at run time next to the code
for (const f of [...files('src', '.json'), ...files('src', '.mjs'), 'scripts/fixtures/demo-brief.eml']) {
  fs.mkdirSync(path.dirname(path.join(dist, f)), { recursive: true });
  fs.copyFileSync(path.join(root, f), path.join(dist, f));
}
// written last: bin/coordinator.js compares its time with the sources' to tell a build from a stale one
fs.writeFileSync(path.join(dist, 'BUILT'), `${new Date().toISOString()}\n`);
