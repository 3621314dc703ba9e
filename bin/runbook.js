#!/usr/bin/env node
// Entry for `npx runbook`. In a source checkout the TypeScript runs directly through tsx, so the
// CLI works right after `npm ci` and never runs a stale build; an installed package or the
// container image (no src/, a dist/ from `npm run build`) runs plain JavaScript.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
}
