import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const script = fileURLToPath(new URL('../scripts/container-check.sh', import.meta.url));

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const missing = ['podman', 'runc', 'debootstrap'].filter((c) => !has(c));
if (process.getuid?.() !== 0) missing.push('root (debootstrap and rootful podman)');
// CI fails on an absent tool only when .ci/run is the one that installs it.
const ciInstalls = /apt-get install[^\n]*\brunc\b[^\n]*\bdebootstrap\b/.test(readFileSync(`${root}.ci/run`, 'utf8'));

// The real thing: a Debian base from the apt mirror (cached), the project's Dockerfile built on it
// with podman, a studio container and a collector container; the script asserts from the host that
// /healthz answers and that the readings pushed to the collector reach the studio's REST API.
test('the image builds without a registry and its studio and collector containers work together', { timeout: 40 * 60_000 }, async (t) => {
  if (missing.length) {
    if (process.env.CI === 'true' && ciInstalls) assert.fail(`container check needs ${missing.join(', ')}, which .ci/run installs`);
    t.skip(`container check skipped: no ${missing.join(', ')} on this machine`);
    return;
  }
  const child = spawn('bash', [script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  for (const line of out.split('\n').filter((l) => l.startsWith('== ') || l.startsWith('OK'))) t.diagnostic(line);
  assert.equal(code, 0, `scripts/container-check.sh failed:\n${out.slice(-4000)}`);
  assert.match(out, /studio answers \/healthz/);
  assert.match(out, /the studio holds the collector's 3 windows/);
});
