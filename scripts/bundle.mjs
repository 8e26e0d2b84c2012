#!/usr/bin/env node
// Bundles the CLI (from the TypeScript sources) into dist/bundle/ with esbuild: one main chunk plus a chunk per
// lazily imported part. Node's module loader, not our code, dominated cold start: ~200 files
// (zod alone is 95) resolved, read and compiled one by one. Measured with bench/cold-start.ts and a
// 1 GB database: first answered /query 462–639 ms from dist/, 288–324 ms from the bundle.
// Native and optional packages stay outside and load from node_modules as usual.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// BUNDLE_OUTDIR: tests bundle into a temporary folder.
const outdir = process.env.BUNDLE_OUTDIR ?? `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  // Worker threads load their own files: the scheduled backup's (src/studio/backup/backup-in-worker.ts)
  // and the training's (src/forge/train-in-worker.ts), each beside the chunk that starts it.
  entryPoints: { main: `${root}src/cli/main.ts`, 'backup-worker': `${root}src/studio/backup/backup-worker.ts`, 'train-worker': `${root}src/forge/train-worker.ts` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // better-sqlite3 is a native addon; pg-native is pg's optional driver; tsx is only for sources.
  external: ['better-sqlite3', 'pg-native', 'tsx', 'tsx/*'],
  // CommonJS packages inside an ESM bundle still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __homelabRequire } from 'node:module'; const require = __homelabRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
// The dashboard's page is plain files read at run time: beside the bundle, with uPlot's (see src/studio/dashboard/assets.ts).
const ui = `${outdir}/dashboard-ui`;
cpSync(`${root}src/studio/dashboard/static`, ui, { recursive: true });
mkdirSync(`${ui}/vendor`, { recursive: true });
const uplot = dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
for (const f of ['uPlot.iife.min.js', 'uPlot.min.css']) cpSync(`${uplot}/dist/${f}`, `${ui}/vendor/${f}`);
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`${outdir}: ${Object.keys(result.metafile.outputs).length} files, ${(bytes / 2 ** 20).toFixed(1)} MB`);
