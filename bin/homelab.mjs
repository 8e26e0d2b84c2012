#!/usr/bin/env node
// Entry point of the `homelab` CLI. Runs the compiled build when present (container images),
// otherwise the TypeScript sources through tsx, so `npm start` needs no build step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (existsSync(compiled)) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
