#!/usr/bin/env node
// The `coordinator` command. `npm run build` (which `npm ci` runs through `prepare`) compiles the TypeScript
// to dist/ ahead of time, and starting from that JavaScript is several times faster than having tsx
// transform every module on each run. The build is used only while no source file is newer than it: after
// an edit without a rebuild the sources run through tsx's loader, so a stale build never hides a change and
// a checkout without a build still works.
import fs from 'node:fs';

const root = new URL('..', import.meta.url);
const built = (() => {
  try {
    return fs.statSync(new URL('dist/BUILT', root)).mtimeMs;
  } catch {
    return 0;
  }
})();

const newer = (file) => fs.statSync(file).mtimeMs > built;
const newerThanBuild = (dir) =>
  fs.readdirSync(new URL(dir, root), { recursive: true, withFileTypes: true }).some((e) => e.isFile() && newer(`${e.parentPath ?? e.path}/${e.name}`));

// what the build compiles or copies: src/, db/ and the demo
if (built && !newerThanBuild('src/') && !newerThanBuild('db/') && !newer(new URL('scripts/demo.ts', root)) && !newer(new URL('scripts/fixtures/demo-brief.eml', root))) {
  await import('../dist/src/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
