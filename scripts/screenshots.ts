/**
 * `npm run screenshots`: the README's dashboard pictures (docs/img/*.png), taken from a studio
 * seeded like the browser tests' site, in headless Chromium. Run it again after changing the page.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../src/studio/store/sqlite/sqlite-store.js';
import { launch } from '../test/browser/browser.js';
import { poster, seedSite } from '../test/browser/seed.js';
import { createStudio } from '../src/app/studio-app.js';

const out = fileURLToPath(new URL('../docs/img/', import.meta.url));
mkdirSync(out, { recursive: true });
const studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
await studio.start();
try {
  const facts = await seedSite(poster(studio.url), { hours: 24 });
  await studio.graph!.settled();
  // The older incident has a known root cause, so today's shows a similar past one.
  await fetch(`${studio.url}/api/v1/graph/incidents/${encodeURIComponent(facts.pastIncident)}/annotations`, { method: 'POST', body: JSON.stringify({ root_cause: 'HVAC malfunction', resolution: 'reset the HVAC controller', author: 'ops' }) });
  await fetch(`${studio.url}/api/v1/alerts`, { method: 'POST', body: JSON.stringify({ name: 'warehouse b too humid', severity: 'critical', filter: { kind: 'humidity', location: 'warehouse-b' }, condition: { type: 'threshold', op: '>', value: 45 } }) });
  await poster(studio.url)([{ specversion: '1.0', id: `shot-${Date.now()}`, source: '/edge/pi-node-2', type: 'io.homelab.edge.reading', data: { readings: [{ node: 'pi-node-2', sensor: 'dht22-humidity', kind: 'humidity', unit: '%', location: 'warehouse-b', value: 47.2, ts: Date.now() }] } }]);
  await studio.alerts!.settled();
  const { incidents } = (await (await fetch(`${studio.url}/api/v1/graph/incidents?status=open`)).json()) as { incidents: { id: string }[] };
  const current = incidents[0]!.id;
  const browser = await launch();
  const shots: [string, string, string, { width: number; height: number }, boolean][] = [
    ['overview', '', '[data-node]', { width: 1280, height: 900 }, false],
    ['series', `#/series?node=${facts.anomaly.node}&sensor=${facts.anomaly.sensor}&range=24h`, '#chart .mark', { width: 1280, height: 820 }, false],
    ['incident', `#/incidents/${encodeURIComponent(current)}`, '.similar li', { width: 1280, height: 900 }, false],
    ['alerts', '#/alerts', 'tr[data-rule]', { width: 1280, height: 760 }, false],
    ['phone-dark', '', '[data-node]', { width: 390, height: 844 }, true],
  ];
  for (const [name, hash, ready, viewport, dark] of shots) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1, colorScheme: dark ? 'dark' : 'light' });
    await page.goto(`${studio.url}/${hash}`);
    await page.waitForSelector(ready);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}${name}.png` });
    console.log(`${out}${name}.png`);
    await page.close();
  }
  await browser.close();
} finally {
  await studio.stop();
}
