import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/homelab.mjs', import.meta.url));

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs `homelab …`; `until` ends it early (SIGTERM) once its output matches. */
export function homelab(args: string[], env: Record<string, string> = {}, until?: RegExp, timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, HOMELAB_DEBUG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const check = () => { if (until && until.test(stdout + stderr)) child.kill('SIGTERM'); };
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); check(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); check(); });
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** Runs `fn` over the items with at most `n` at a time (each run is a Node process). */
async function inParallel<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (next < items.length) { const i = next++; out[i] = await fn(items[i]!); } }));
  return out;
}

const oneLineNoStack = (r: Run, what: string) => {
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^error: /, what);
  assert.doesNotMatch(r.stderr, /\n\s+at |node:internal|\.ts:\d+/, `${what}: no stack`);
};

test('every command given a bad flag prints one line on stderr, no stack, and exits 2', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-flags-'));
  writeFileSync(join(dir, 'file'), 'x');
  const cases: [args: string[], says: RegExp][] = [
    [['up', '--port', 'abc'], /--port.*'abc'.*a port: an integer in \[0, 65535\]/],
    [['up', '--history', 'abc'], /--history.*'abc'.*number in \[0, 8760\]/],
    [['up', '--history', '-5'], /--history/],
    [['up', '--interval', '0'], /--interval.*'0'.*\[0\.1, 3600\]/],
    [['up', '--data-dir', join(dir, 'file', 'data'), '--port', '0'], /data directory .*file\/data is unusable: a part of the path is a file/],
    [['studio', '--port', '99999'], /--port.*'99999'/],
    [['studio', '--database-url', 'mysql://x'], /--database-url.*postgres:\/\//],
    [['studio', '--data-dir', join(dir, 'file'), '--port', '0', '--host', '127.0.0.1'], /is unusable: it is a file, not a folder/],
    [['studio', '--bogus'], /unknown option '--bogus'/],
    [['edge', '--port', 'abc'], /--port.*'abc'/],
    [['edge', '--studio-url', 'studio:8080'], /--studio-url.*http:\/\//],
    [['edge', '--node', ''], /--node/],
    [['query'], /missing required argument 'question'/],
    [['query', '--url', 'ftp://x', 'hi'], /--url.*http:\/\//],
    [['query', ' '], /the question is empty/],
    [['detect'], /required option '-i, --input <file>'/],
    [['detect', '-i', join(dir, 'missing.csv')], /--input .*missing\.csv: cannot read it \(it does not exist\)/],
    [['detect', '-i', dir], /cannot read it \(it is a folder/],
    [['detect', '-i', join(dir, 'file'), '-o', join(dir, 'no', 'out.csv')], /--output .*cannot write it/],
    [['deploy', 'x', '--image', 'y', '--replicas', 'abc'], /--replicas.*'abc'.*integer in \[0, 1000\]/],
    [['deploy', 'x', '--image', 'y', '-e', 'novalue'], /--env.*KEY=VALUE/],
    [['deploy', 'Bad_Name', '--image', 'y', '--dry-run'], /must be a DNS label/],
    [['train'], /required option '-t, --target <kind-or-sensor>'/],
    [['train', '-t', 'temperature', '--holdout', '0.9'], /--holdout.*'0\.9'.*\[0\.05, 0\.45\]/],
    [['train', '-t', 'temperature', '--type', 'svm'], /--type.*'svm'/],
    [['train', '-t', 'temperature', '--range', '200d'], /--range/],
    [['backup'], /required option '-o, --out <file>'/],
    [['backup', '--out', join(dir, 'no', 'b.tar.gz')], /--out .*cannot write it/],
    [['backup', '--out', join(dir, 'b.tar.gz'), '--data-dir', join(dir, 'missing')], /--data-dir .*missing: no such folder/],
    [['backup', '--out', join(dir, 'b.tar.gz'), '--database-url', 'mysql://x'], /--database-url.*postgres:\/\//],
    [['restore'], /missing required argument 'file'/],
    [['restore', join(dir, 'missing.tar.gz')], /<file> .*missing\.tar\.gz: cannot read it \(it does not exist\)/],
    [['restore', join(dir, 'file'), '--data-dir', join(dir, 'r')], /not a homelab backup/],
    [['bogus'], /unknown command 'bogus'/],
  ];
  try {
    const runs = await inParallel(cases, 2, ([args]) => homelab(args, {}, undefined, 30_000));
    runs.forEach((r, i) => {
      const [args, says] = cases[i]!;
      const what = `homelab ${args.join(' ')}`;
      assert.equal(r.code, 2, `${what}: exit 2, got ${r.code}\n${r.stderr}`);
      oneLineNoStack(r, what);
      assert.match(r.stderr, says, what);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad environment variable is warned about with its value and range, and the default is used', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-env-'));
  try {
    const r = await homelab(['studio', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir], { RATE_LIMIT: 'abc', HOMELAB_ALLOW_ANONYMOUS: 'maybe' }, /listening on/);
    assert.match(r.stderr, /warning: RATE_LIMIT="abc" is not a number in \[1, 1000000\]; using 200/);
    assert.match(r.stderr, /warning: HOMELAB_ALLOW_ANONYMOUS="maybe" is not a boolean .*; using off/);
    assert.match(r.stdout, /agent-bruno listening on http:\/\/127\.0\.0\.1:\d+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a taken port and a data directory in use are one line each, naming the port or the first process\'s pid', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-clash-'));
  const blocker = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const taken = (blocker.address() as { port: number }).port;
  const first = spawn(process.execPath, [bin, 'studio', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve) => first.stdout!.on('data', (c: Buffer) => { if (c.toString().includes('listening')) resolve(); }));
    const [port, locked] = await Promise.all([
      homelab(['studio', '--port', String(taken), '--host', '127.0.0.1', '--data-dir', join(dir, 'other')]),
      homelab(['up', '--port', '0', '--data-dir', dir]),
    ]);
    oneLineNoStack(port, 'port in use');
    assert.equal(port.code, 1);
    assert.match(port.stderr, new RegExp(`port ${taken} is already in use on 127\\.0\\.0\\.1 .* choose another port with --port N or PORT=N`));
    oneLineNoStack(locked, 'data dir in use');
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, new RegExp(`data directory ${dir} is in use by .* \\(pid ${first.pid},`));
  } finally {
    first.kill('SIGTERM');
    await new Promise((r) => first.once('exit', r));
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('studio without tokens and without --host listens on 127.0.0.1 and says why; a host name is judged by what it resolves to', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-host-'));
  try {
    const [plain, named] = await Promise.all([
      homelab(['studio', '--port', '0', '--data-dir', join(dir, 'a')], { HOST: '', HOMELAB_TOKENS: '', HOMELAB_ALLOW_ANONYMOUS: '' }, /only, because HOMELAB_TOKENS/),
      homelab(['studio', '--port', '0', '--data-dir', join(dir, 'b'), '--host', '127.0.0.1.invalid'], { HOST: '', HOMELAB_TOKENS: '', HOMELAB_ALLOW_ANONYMOUS: '' }),
    ]);
    assert.match(plain.stdout, /agent-bruno listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(plain.stdout, /listening on 127\.0\.0\.1 only, because HOMELAB_TOKENS is not set/);
    assert.equal(named.code, 2, named.stderr);
    oneLineNoStack(named, 'a name that only looks like loopback');
    assert.match(named.stderr, /refusing to listen on 127\.0\.0\.1\.invalid without tokens \(it is not, or does not resolve only to, a loopback address\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
