#!/usr/bin/env node
// Runs every `*.test.ts` beside the code with Node's own test runner (tsx compiles on the fly).
// Node 20's `--test` takes no globs, so the files are listed here. Extra args narrow the set:
//   npm run test:unit -- src/edge        (only tests under src/edge)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ["src", "bench", "deploy", "scripts", "test", "eval"];
const filters = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
};
roots.forEach(walk);
const selected = filters.length ? files.filter((f) => filters.some((x) => f.startsWith(x) || f.includes(x))) : files;
if (selected.length === 0) {
  console.error('no test files matched', filters);
  process.exit(1);
}
const setup = new URL('./test-setup.mjs', import.meta.url).href;
const result = spawnSync(process.execPath, [
  '--import', 'tsx', '--import', setup, '--test', '--test-concurrency=2', '--test-reporter=spec', ...selected.sort(),
], { stdio: 'inherit' });
process.exit(result.status ?? 1);
