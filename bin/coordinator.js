#!/usr/bin/env node
// The `coordinator` command. Runs the TypeScript sources through tsx's loader, so there is no build step
// between `npm ci` and a working service.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
