import { readFile, readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessUsage } from '../../core/schemas.js';

/** Where the host's /proc and /sys are (in a container: hostPath mounts such as /host/proc). */
export interface ProcPaths {
  proc: string;
  sys: string;
  /** Filesystem whose use is reported as disk %. */
  disk: string;
}

interface CpuTimes { total: number; idle: number }
interface ProcTimes { ticks: number; name: string; rssPages: number }

const PAGE_SIZE = 4096;

/**
 * Reads real node health from /proc and /sys: CPU % (between two calls), memory %, SoC
 * temperature (thermal_zone0, where the file exists), disk % and the top processes by CPU.
 * @example
 * const reader = new ProcHealthReader({ proc: '/proc', sys: '/sys', disk: '/' });
 * await reader.read(); // first call primes CPU counters
 */
export class ProcHealthReader {
  private lastCpu?: CpuTimes;
  private lastProcs = new Map<number, ProcTimes>();

  constructor(private readonly paths: ProcPaths) {}

  async read(): Promise<{ cpu_pct: number; mem_pct: number; temp_c: number | null; disk_pct: number; top: ProcessUsage[] }> {
    const cpu = await this.cpuTimes();
    const prev = this.lastCpu;
    this.lastCpu = cpu;
    const totalDelta = prev ? cpu.total - prev.total : 0;
    const cpuPct = prev && totalDelta > 0 ? 100 * (1 - (cpu.idle - prev.idle) / totalDelta) : 0;
    const mem = await this.memory();
    return {
      cpu_pct: round(cpuPct),
      mem_pct: round(mem.pct),
      temp_c: await this.socTemperature(),
      disk_pct: round(await this.diskPct()),
      top: await this.topProcesses(totalDelta, mem.totalBytes),
    };
  }

  private async cpuTimes(): Promise<CpuTimes> {
    const line = (await readFile(join(this.paths.proc, 'stat'), 'utf8')).split('\n')[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { total, idle: (fields[3] ?? 0) + (fields[4] ?? 0) };
  }

  private async memory(): Promise<{ pct: number; totalBytes: number }> {
    const text = await readFile(join(this.paths.proc, 'meminfo'), 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    const total = kb('MemTotal');
    const available = kb('MemAvailable');
    return { pct: total > 0 ? (100 * (total - available)) / total : 0, totalBytes: total * 1024 };
  }

  private async socTemperature(): Promise<number | null> {
    try {
      const milli = Number((await readFile(join(this.paths.sys, 'class/thermal/thermal_zone0/temp'), 'utf8')).trim());
      return Number.isFinite(milli) ? round(milli / 1000) : null;
    } catch {
      return null; // no thermal zone (VMs, most x86 servers)
    }
  }

  private async diskPct(): Promise<number> {
    const s = await statfs(this.paths.disk);
    const total = s.blocks * s.bsize;
    return total > 0 ? (100 * (total - s.bfree * s.bsize)) / total : 0;
  }

  /** Top 5 processes by CPU since the previous call, from /proc/<pid>/stat. */
  private async topProcesses(totalDelta: number, memTotal: number): Promise<ProcessUsage[]> {
    const now = new Map<number, ProcTimes>();
    const entries = (await readdir(this.paths.proc)).filter((e) => /^\d+$/.test(e));
    await Promise.all(entries.map(async (pid) => {
      try {
        const stat = await readFile(join(this.paths.proc, pid, 'stat'), 'utf8');
        const close = stat.lastIndexOf(')');
        const name = stat.slice(stat.indexOf('(') + 1, close);
        const rest = stat.slice(close + 2).split(' ');
        now.set(Number(pid), { name, ticks: Number(rest[11]) + Number(rest[12]), rssPages: Number(rest[21]) });
      } catch { /* the process ended while we read */ }
    }));
    const prev = this.lastProcs;
    this.lastProcs = now;
    if (totalDelta <= 0) return [];
    const cores = Math.max(1, (await readFile(join(this.paths.proc, 'stat'), 'utf8')).split('\n').filter((l) => /^cpu\d/.test(l)).length);
    return [...now.entries()]
      .map(([pid, p]) => ({ name: p.name, cpu_pct: round((100 * cores * (p.ticks - (prev.get(pid)?.ticks ?? p.ticks))) / totalDelta), mem_pct: round(Math.min(100, (100 * p.rssPages * PAGE_SIZE) / memTotal)) }))
      .sort((a, b) => b.cpu_pct - a.cpu_pct || b.mem_pct - a.mem_pct)
      .slice(0, 5);
  }
}

const round = (v: number): number => Math.round(v * 10) / 10;
