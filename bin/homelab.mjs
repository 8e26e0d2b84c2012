#!/usr/bin/env node
// Entry point of the `homelab` CLI. Runs the build when present (container images): the esbuild
// bundle first (one file to load instead of ~200: the shortest cold start), then tsc's dist/;
// otherwise the TypeScript sources through tsx, so `npm start` needs no build step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = ['../dist/bundle/main.js', '../dist/cli/main.js'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find(existsSync);
if (built) {
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
