/**
 * A small site for the dashboard's browser tests and screenshots, sent through `POST /events`
 * as edge collectors would send it, so the graph, the alert engine and the live stream all see it:
 * three locations, four nodes (one running hot, one gone quiet), a reading a minute per sensor,
 * a humidity incident at warehouse-b with anomalies (and an older one like it, annotated).
 */
export interface SeedFacts {
  locations: string[];
  nodes: string[];
  /** `node/sensor` → readings sent in the last hour. */
  lastHour: Map<string, number>;
  /** The critical humidity anomaly of the current incident. */
  anomaly: { node: string; sensor: string; ts: number; value: number };
  /** Highest humidity sent at warehouse-b (the incident's peak). */
  humidityPeak: number;
  /** Id of the older incident that has a root cause. */
  pastIncident: string;
}

const MIN = 60_000;
const SENSORS = [
  { sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', base: 21, swing: 1.5 },
  { sensor: 'dht22-humidity', kind: 'humidity', unit: '%', base: 48, swing: 4 },
  { sensor: 'bmp280-pressure', kind: 'pressure', unit: 'hPa', base: 1013, swing: 2 },
];
const NODES = [
  { node: 'pi-node-1', location: 'warehouse-a' }, { node: 'pi-node-2', location: 'warehouse-b' },
  { node: 'pi-node-3', location: 'warehouse-b' }, { node: 'pi-node-4', location: 'cold-room' },
];

type Post = (events: object[]) => Promise<void>;

/** Posts a CloudEvents batch to the studio (with a bearer token when given). */
export const poster = (url: string, token?: string): Post => async (events) => {
  const res = await fetch(`${url}/events`, {
    method: 'POST', body: JSON.stringify(events),
    headers: { 'content-type': 'application/cloudevents-batch+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (res.status >= 300) throw new Error(`POST /events: ${res.status} ${await res.text()}`);
};

let n = 0;
const ce = (node: string, type: string, data: object) => ({ specversion: '1.0', id: `seed-${process.pid}-${n++}`, source: `/edge/${node}`, type, data });

/** Sends `hours` of history ending now; answers what was sent. */
export async function seedSite(post: Post, { hours = 6, now = Date.now() }: { hours?: number; now?: number } = {}): Promise<SeedFacts> {
  const start = Math.floor((now - hours * 60 * MIN) / MIN) * MIN;
  const incidentAt = now - 20 * MIN; // its last anomaly 10 minutes ago: still open (15-minute gap)
  const lastHour = new Map<string, number>();
  const events: object[] = [];
  for (const { node, location } of NODES) {
    const quiet = node === 'pi-node-4' ? now - 25 * MIN : now; // pi-node-4 went silent 25 minutes ago
    const readings = [];
    for (let ts = start; ts < quiet; ts += MIN) {
      for (const s of SENSORS) {
        const base = location === 'cold-room' && s.kind === 'temperature' ? 4 : s.base;
        let value = base + s.swing * Math.sin((ts / 3_600_000) * Math.PI / 3 + node.length) + ((ts / MIN) % 5) / 10;
        // The HVAC at warehouse-b fails: humidity climbs for 12 minutes.
        if (location === 'warehouse-b' && s.kind === 'humidity' && ts >= incidentAt && ts < incidentAt + 12 * MIN) value = 70 + Math.floor((ts - incidentAt) / MIN);
        readings.push({ node, sensor: s.sensor, kind: s.kind, unit: s.unit, location, ts, value: Math.round(value * 100) / 100 });
        if (ts >= now - 60 * MIN) lastHour.set(`${node}/${s.sensor}`, (lastHour.get(`${node}/${s.sensor}`) ?? 0) + 1);
      }
      if (readings.length >= 3000) events.push(ce(node, 'io.homelab.edge.reading', { readings: readings.splice(0) }));
    }
    if (readings.length) events.push(ce(node, 'io.homelab.edge.reading', { readings }));
    const hot = node === 'pi-node-3';
    events.push(ce(node, 'io.homelab.edge.health', {
      node, location, ts: quiet - MIN, cpu_pct: hot ? 71 : 18 + NODES.findIndex((x) => x.node === node) * 6, mem_pct: hot ? 93 : 41, temp_c: hot ? 82.5 : 52, disk_pct: 37,
      top: [{ name: hot ? 'ollama' : 'sensor-collector', cpu_pct: hot ? 64 : 3.5, mem_pct: hot ? 38 : 2.1 }],
    }));
  }
  const anomaly = (node: string, ts: number, value: number, severity: 'warning' | 'critical') => ce(node, 'io.homelab.edge.anomaly', {
    node, sensor: 'dht22-humidity', kind: 'humidity', unit: '%', location: 'warehouse-b', ts, value, score: severity === 'critical' ? 0.97 : 0.81, severity,
    reason: `humidity ${value} % is far above its usual 48 %`,
  });
  // An older incident like today's, two days ago.
  const past = now - 2 * 86_400_000;
  events.push(anomaly('pi-node-2', past, 74, 'critical'), anomaly('pi-node-2', past + 4 * MIN, 77, 'critical'));
  const crit = { node: 'pi-node-2', sensor: 'dht22-humidity', ts: incidentAt + 6 * MIN, value: 76 };
  events.push(anomaly('pi-node-2', incidentAt + 2 * MIN, 72, 'warning'), anomaly(crit.node, crit.ts, crit.value, 'critical'), anomaly('pi-node-3', incidentAt + 10 * MIN, 80, 'critical'));
  for (let i = 0; i < events.length; i += 20) await post(events.slice(i, i + 20));
  return { locations: [...new Set(NODES.map((x) => x.location))].sort(), nodes: NODES.map((x) => x.node), lastHour, anomaly: crit, humidityPeak: 81, pastIncident: `incident:warehouse-b-${past}` };
}
