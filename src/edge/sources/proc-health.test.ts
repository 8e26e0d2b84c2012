import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcHealthReader } from './proc-health.js';

test('reads this machine\'s real /proc and /sys', async () => {
  const reader = new ProcHealthReader({ proc: '/proc', sys: '/sys', disk: '/' });
  await reader.read();
  for (let i = 0; i < 2e6; i++) Math.sqrt(i); // a little CPU between the two reads
  const h = await reader.read();
  assert.ok(h.mem_pct > 0 && h.mem_pct <= 100);
  assert.ok(h.disk_pct > 0 && h.disk_pct <= 100);
  assert.ok(h.cpu_pct >= 0 && h.cpu_pct <= 100);
  assert.ok(h.top.length > 0 && h.top.length <= 5);
});

test('computes CPU, memory and SoC temperature from a Pi-like /proc and /sys', async () => {
  const root = mkdtempSync(join(tmpdir(), 'proc-'));
  const proc = join(root, 'proc');
  const sys = join(root, 'sys');
  mkdirSync(join(proc, '42'), { recursive: true });
  mkdirSync(join(sys, 'class/thermal/thermal_zone0'), { recursive: true });
  writeFileSync(join(proc, 'meminfo'), 'MemTotal:        8000000 kB\nMemFree:  100 kB\nMemAvailable:    2000000 kB\n');
  writeFileSync(join(sys, 'class/thermal/thermal_zone0/temp'), '68250\n');
  const stat = (user: number, idle: number) => `cpu  ${user} 0 0 ${idle} 0 0 0 0 0 0\ncpu0 ${user} 0 0 ${idle} 0 0 0 0 0 0\n`;
  const pstat = (ticks: number) => `42 (video processor) S 1 1 1 0 -1 0 0 0 0 0 ${ticks} 0 0 0 20 0 1 0 100 1000 25000\n`;
  writeFileSync(join(proc, 'stat'), stat(100, 900));
  writeFileSync(join(proc, '42', 'stat'), pstat(50));
  const reader = new ProcHealthReader({ proc, sys, disk: root });
  await reader.read();
  writeFileSync(join(proc, 'stat'), stat(180, 920)); // 80 busy of 100 ticks
  writeFileSync(join(proc, '42', 'stat'), pstat(110)); // 60 of them this process
  const h = await reader.read();
  assert.equal(h.cpu_pct, 80);
  assert.equal(h.mem_pct, 75);
  assert.equal(h.temp_c, 68.3);
  assert.deepEqual(h.top[0], { name: 'video processor', cpu_pct: 60, mem_pct: 1.3 });
});
