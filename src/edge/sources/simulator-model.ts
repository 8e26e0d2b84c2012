import { DAY, MINUTE } from '../../core/time.js';

/** One simulated sensor: what it measures and how its normal day looks. */
export interface SimSensor {
  sensor: string;
  kind: 'temperature' | 'humidity' | 'pressure';
  unit: string;
  /** Daily mean, amplitude of the daily cycle, noise (1 σ), resolution of the device. */
  base: number;
  amplitude: number;
  noise: number;
  resolution: number;
  /** Hour of the daily peak (local time). */
  peakHour: number;
}

export interface SimNode {
  node: string;
  location: string;
  sensors: SimSensor[];
  /** Resting health and the heaviest process it runs. */
  health: { cpu: number; mem: number; temp: number; disk: number; top: { name: string; cpu: number; mem: number }[] };
}

/** Faults that can be injected into the simulation (from the CLI, the API or tests). */
export type Fault =
  | { type: 'hvac-failure'; location: string; start: number; durationMs: number; deltaC?: number }
  | { type: 'stuck-sensor'; node: string; sensor: string; start: number; durationMs: number }
  | { type: 'dying-node'; node: string; start: number; durationMs: number };

const dht22 = (base: number): SimSensor[] => [
  { sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', base, amplitude: 1.8, noise: 0.12, resolution: 0.1, peakHour: 15 },
  { sensor: 'dht22-humidity', kind: 'humidity', unit: '%', base: 46, amplitude: 4, noise: 0.5, resolution: 0.1, peakHour: 5 },
];
const bmp280: SimSensor = { sensor: 'bmp280-pressure', kind: 'pressure', unit: 'hPa', base: 1013.2, amplitude: 0.8, noise: 0.05, resolution: 0.1, peakHour: 10 };

/**
 * The warehouse of the seeds: three Pi nodes, each with a DHT22 (temperature, humidity) and a
 * pressure sensor. pi-node-3 runs the camera's video processing, as in the seed's SRE example.
 */
export function warehouseNodes(): SimNode[] {
  const procs = (extra: { name: string; cpu: number; mem: number }[]) => [
    ...extra, { name: 'sensor-collector', cpu: 2.5, mem: 1.6 }, { name: 'k3s-agent', cpu: 4, mem: 6 },
  ];
  return [
    { node: 'pi-node-1', location: 'warehouse-a', sensors: [...dht22(21.5), bmp280], health: { cpu: 35, mem: 45, temp: 42, disk: 38, top: procs([{ name: 'mosquitto', cpu: 3, mem: 1.2 }]) } },
    { node: 'pi-node-2', location: 'warehouse-b', sensors: [...dht22(22.4), bmp280], health: { cpu: 28, mem: 38, temp: 39, disk: 41, top: procs([{ name: 'zigbee2mqtt', cpu: 5, mem: 3.5 }]) } },
    { node: 'pi-node-3', location: 'warehouse-c', sensors: [...dht22(20.8), bmp280], health: { cpu: 84, mem: 91, temp: 68, disk: 57, top: procs([{ name: 'video-processor (camera-5)', cpu: 61, mem: 40 }]) } },
  ];
}

/** Deterministic pseudo-random numbers (mulberry32) so simulations and tests repeat. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from two uniforms (Box–Muller). */
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const quantise = (v: number, step: number): number => Math.round(v / step) * step;
const round = (v: number, step: number): number => Number(quantise(v, step).toFixed(6));

/** The normal value of a sensor at a time: daily sinusoid around its base. */
export function normalValue(s: SimSensor, ts: number): number {
  const d = new Date(ts);
  const hourOfDay = d.getHours() + d.getMinutes() / 60 + d.getSeconds() / 3600;
  return s.base + s.amplitude * Math.cos(((hourOfDay - s.peakHour) / 24) * 2 * Math.PI);
}

/** How far a fault moves a sensor at `ts` (0 outside the fault). HVAC ramps up over 10 minutes. */
export function faultEffect(faults: Fault[], node: SimNode, s: SimSensor, ts: number): { delta: number; stuck: boolean } {
  let delta = 0;
  let stuck = false;
  for (const f of faults) {
    if (ts < f.start || ts >= f.start + f.durationMs) continue;
    if (f.type === 'hvac-failure' && f.location === node.location) {
      const ramp = Math.min(1, (ts - f.start) / (10 * MINUTE));
      if (s.kind === 'temperature') delta += ramp * (f.deltaC ?? 6);
      if (s.kind === 'humidity') delta -= ramp * 12;
    }
    if (f.type === 'stuck-sensor' && f.node === node.node && f.sensor === s.sensor) stuck = true;
  }
  return { delta, stuck };
}

/** A sensor value with noise and the device's resolution. */
export function sampleValue(s: SimSensor, ts: number, rand: () => number, delta: number): number {
  return round(normalValue(s, ts) + delta + gaussian(rand) * s.noise, s.resolution);
}

/** Health of a simulated node at `ts`; a dying node overheats, fills memory, then falls silent. */
export function sampleHealth(n: SimNode, ts: number, rand: () => number, faults: Fault[]) {
  const dying = faults.find((f) => f.type === 'dying-node' && f.node === n.node && ts >= f.start && ts < f.start + f.durationMs);
  const wobble = (v: number, spread: number) => Math.max(0, Math.min(100, v + gaussian(rand) * spread));
  const h = n.health;
  const p = dying ? Math.min(1, (ts - dying.start) / (dying.durationMs / 2)) : 0;
  return {
    node: n.node, ts, location: n.location,
    cpu_pct: round(wobble(h.cpu + p * (97 - h.cpu), 3), 0.1),
    mem_pct: round(wobble(h.mem + p * (96 - h.mem), 1), 0.1),
    temp_c: round(h.temp + p * (86 - h.temp) + gaussian(rand) * 0.8, 0.1),
    disk_pct: round(h.disk, 0.1),
    top: h.top.map((t) => ({ name: t.name, cpu_pct: round(wobble(t.cpu, t.cpu * 0.08), 0.1), mem_pct: round(t.mem, 0.1) })),
    /** A dying node stops reporting in the second half of its fault. */
    silent: dying !== undefined && ts >= dying.start + dying.durationMs / 2,
  };
}

/** The default incident of `homelab up`'s history: an HVAC failure yesterday at 14:23 in warehouse-b. */
export function yesterdaysHvacIncident(now: number): Fault {
  const d = new Date(now - DAY);
  d.setHours(14, 23, 0, 0);
  return { type: 'hvac-failure', location: 'warehouse-b', start: d.getTime(), durationMs: 40 * MINUTE, deltaC: 6 };
}

