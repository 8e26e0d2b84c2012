/// <reference lib="dom" />
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { StudioServer } from '../../src/studio/server.js';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import { browserSkip, launch } from './browser.js';
import { poster, seedSite, type SeedFacts } from './seed.js';
import { createStudio } from '../../src/app/studio-app.js';

// The dashboard in a real browser (Debian's Chromium through playwright-core), against a real
// studio fed through POST /events. Under CI=true a missing Chromium fails; elsewhere it skips.
describe('dashboard in Chromium', { skip: browserSkip, timeout: 180_000 }, () => {
  let studio: StudioServer;
  let browser: Browser;
  let facts: SeedFacts;
  const external: string[] = [];
  const errors: string[] = [];

  const open = async (hash = '', viewport = { width: 1280, height: 900 }): Promise<Page> => {
    const page = await browser.newPage({ viewport });
    page.on('request', (r) => { if (!r.url().startsWith(studio.url) && !r.url().startsWith('data:')) external.push(r.url()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${studio.url}/${hash}`);
    return page;
  };
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await fetch(`${studio.url}${path}`, init)).json()) as T;

  before(async () => {
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') });
    await studio.start();
    facts = await seedSite(poster(studio.url));
    await studio.graph!.settled();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await studio?.stop();
  });

  test('the overview shows every seeded location and node, with health and reasons', async () => {
    const page = await open();
    await page.waitForSelector('[data-node]');
    const locations = await page.$$eval('[data-location]', (els) => els.map((e) => (e as HTMLElement).dataset.location));
    assert.deepEqual(locations.sort(), facts.locations);
    const nodes = await page.$$eval('[data-node]', (els) => els.map((e) => [(e as HTMLElement).dataset.node, (e as HTMLElement).dataset.status]));
    assert.deepEqual(nodes.map(([n]) => n).sort(), facts.nodes);
    assert.deepEqual(Object.fromEntries(nodes), { 'pi-node-1': 'healthy', 'pi-node-2': 'healthy', 'pi-node-3': 'warning', 'pi-node-4': 'offline' });
    const hot = await page.textContent('[data-node="pi-node-3"]');
    assert.match(hot ?? '', /82\.5 °C/);
    assert.match(hot ?? '', /ollama/);
    assert.match(hot ?? '', /SoC temperature high/);
    // Every series of every location has a row with its current value and a drawn sparkline.
    const rows = await page.$$eval('tr[data-series]', (els) => els.map((e) => [(e as HTMLElement).dataset.series, e.querySelector('.value')?.textContent, Number(e.querySelector('svg.spark')?.getAttribute('data-points'))]));
    assert.equal(rows.length, facts.nodes.length * 3);
    const sensors = await json<{ sensors: { node: string; sensor: string; lastValue: number }[] }>('/api/v1/sensors');
    for (const [key, value, points] of rows) {
      const s = sensors.sensors.find((x) => `${x.node}/${x.sensor}` === key)!;
      assert.ok(Math.abs(parseFloat(String(value)) - s.lastValue) <= (Math.abs(s.lastValue) >= 100 ? 0.051 : 0.006), `${key}: shows ${value}, latest is ${s.lastValue}`);
      assert.ok((points as number) > 10, `${key}: sparkline of ${points} points`);
    }
    assert.match(await page.textContent('#open-incidents') ?? '', /warehouse-b/);
    await page.close();
  });

  test('a series chart draws every reading of the hour, and the anomaly marker sits at its time', async () => {
    const { node, sensor, ts } = facts.anomaly;
    const page = await open(`#/series?node=${node}&sensor=${sensor}&range=1h`);
    await page.waitForSelector('#chart[data-points] .mark[data-severity="critical"]');
    const d = await page.$eval('#chart', (e) => ({ points: Number((e as HTMLElement).dataset.points), xMin: Number((e as HTMLElement).dataset.xMin), xMax: Number((e as HTMLElement).dataset.xMax) }));
    assert.ok(Math.abs(d.xMax - d.xMin - 3_600_000) < 1000, 'one hour shown');
    const raw = await json<{ count: number }>(`/api/v1/readings?node=${node}&sensor=${sensor}&from=${d.xMin}&to=${d.xMax + 1}`);
    assert.equal(d.points, raw.count, 'one point per raw reading at this width');
    assert.ok(d.points >= 55 && d.points <= 61, `${d.points} points in the hour (a reading a minute)`);
    const geo = await page.evaluate((t) => {
      const over = document.querySelector('#chart .u-over')!.getBoundingClientRect();
      const mark = document.querySelector(`#chart .mark[data-ts="${t}"]`)!.getBoundingClientRect();
      return { x: mark.left + mark.width / 2 - over.left, width: over.width };
    }, ts);
    const at = d.xMin + (geo.x / geo.width) * (d.xMax - d.xMin);
    const perPixel = (d.xMax - d.xMin) / geo.width;
    assert.ok(Math.abs(at - ts) <= 1.5 * perPixel, `marker at ${new Date(at).toISOString()}, anomaly at ${new Date(ts).toISOString()} (±${Math.round(perPixel / 1000)} s per pixel)`);
    assert.equal(await page.$$eval('#chart .span-incident', (els) => els.length), 1, 'the incident is shaded');
    await page.close();
  });

  test('30 days at chart width: the server downsamples, the spike survives', async () => {
    const page = await open('#/series?node=pi-node-2&sensor=dht22-humidity&range=30d');
    await page.waitForSelector('#chart[data-points]');
    const d = await page.$eval('#chart', (e) => ({ points: Number((e as HTMLElement).dataset.points), max: Number((e as HTMLElement).dataset.max), width: e.clientWidth }));
    assert.ok(d.points > 0 && d.points <= d.width, `${d.points} points for ${d.width} px`);
    assert.equal(d.max, facts.humidityPeak, 'the 12-minute humidity spike is not averaged away over 30 days');
    await page.close();
  });

  test('the ask box answers with the API\'s answer, its data shown', async () => {
    const q = 'Are there any unhealthy Pi nodes?';
    const page = await open('#/ask');
    await page.fill('#ask-input', q);
    await page.click('.ask button[type="submit"]');
    await page.waitForSelector('#ask-answer .response');
    const shown = await page.textContent('#ask-answer .response');
    const api = await json<{ response: string; data: unknown }>('/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) });
    assert.equal(shown, api.response);
    assert.match(shown ?? '', /pi-node-3/);
    assert.match(await page.textContent('#ask-answer details.data pre') ?? '', /pi-node-4/);
    await page.close();
  });

  test('an alert rule created in the page appears in GET /api/v1/alerts', async () => {
    const page = await open('#/alerts');
    await page.waitForSelector('#rule-form fieldset:not([disabled])');
    await page.fill('#rule-form input[name="name"]', 'warehouse b too humid');
    await page.selectOption('#rule-form select[name="severity"]', 'critical');
    await page.fill('#rule-form input[name="kind"]', 'humidity');
    await page.fill('#rule-form input[name="location"]', 'warehouse-b');
    await page.selectOption('#rule-form select[name="op"]', '>');
    await page.fill('#rule-form input[name="value"]', '65');
    await page.click('#rule-form button[type="submit"]');
    await page.waitForSelector('tr[data-rule]');
    const { rules } = await json<{ rules: { id: string; name: string; severity: string; filter: object; condition: object }[] }>('/api/v1/alerts');
    const rule = rules.find((r) => r.name === 'warehouse b too humid');
    assert.ok(rule, JSON.stringify(rules));
    assert.deepEqual([rule.severity, rule.filter, rule.condition], ['critical', { kind: 'humidity', location: 'warehouse-b' }, { type: 'threshold', op: '>', value: 65, for_s: 0 }]);
    assert.equal(await page.$$eval(`tr[data-rule="${rule.id}"]`, (els) => els.length), 1);
    await page.close();
  });

  test('live: a new reading and a firing alert show without a reload', async () => {
    const page = await open();
    await page.waitForSelector('tr[data-series="pi-node-1/dht22-temperature"]');
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
    const rule = await json<{ id: string }>('/api/v1/alerts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'warehouse a hot', filter: { kind: 'temperature', location: 'warehouse-a' }, condition: { type: 'threshold', op: '>', value: 30 } }) });
    await poster(studio.url)([{ specversion: '1.0', id: 'live-1', source: '/edge/pi-node-1', type: 'io.homelab.edge.reading', data: { readings: [{ node: 'pi-node-1', sensor: 'dht22-temperature', kind: 'temperature', unit: '°C', location: 'warehouse-a', value: 33.33, ts: Date.now() }] } }]);
    await page.waitForFunction(() => document.querySelector('tr[data-series="pi-node-1/dht22-temperature"] .value')?.textContent === '33.33 °C', null, { timeout: 10_000 });
    await page.waitForSelector(`#firing li[data-rule="${rule.id}"]`, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'the same page: no reload');
    await page.close();
  });

  test('on a phone: nothing wider than the screen; dark theme switches and is kept', async () => {
    const page = await open('', { width: 390, height: 844 });
    await page.waitForSelector('[data-node]');
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(scroll <= client + 1, `page is ${scroll} px wide on a ${client} px screen`);
    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.click('#theme');
    await page.waitForSelector('[data-node]');
    const after = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(after, before);
    await page.reload();
    await page.waitForSelector('[data-node]');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), after, 'the choice is remembered');
    await page.close();
  });

  test('the page made no request to any other origin and threw no error', () => {
    assert.deepEqual(external, []);
    assert.deepEqual(errors, []);
  });
});

describe('dashboard with tokens', { skip: browserSkip, timeout: 120_000 }, () => {
  let studio: StudioServer;
  let browser: Browser;
  const ADMIN = 'admin-token-1234';
  before(async () => {
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:'), tokens: `read-token-1234:read,${ADMIN}:admin,edge-token-1234:ingest` });
    await studio.start();
    await seedSite(poster(studio.url, 'edge-token-1234'), { hours: 1 });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await studio?.stop();
  });

  const login = async (token: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${studio.url}/`);
    await page.waitForSelector('#login[open]');
    await page.fill('#login-token', 'not-the-token');
    await page.click('#login-form button[type="submit"]');
    await page.waitForFunction(() => document.getElementById('login-error')?.textContent === 'Unknown token.');
    await page.fill('#login-token', token);
    await page.click('#login-form button[type="submit"]');
    await page.waitForSelector('[data-node]');
    return { context, page };
  };

  test('a read token sees everything, cannot edit, and its cookie is httpOnly and SameSite=Strict', async () => {
    const { context, page } = await login('read-token-1234');
    const [cookie] = await context.cookies();
    assert.deepEqual([cookie?.name, cookie?.httpOnly, cookie?.sameSite], ['homelab_token', true, 'Strict']);
    assert.equal(await page.evaluate(() => document.cookie), '', 'scripts cannot read the token');
    assert.equal(await page.textContent('#role'), 'read-only');
    await page.goto(`${studio.url}/#/alerts`);
    await page.waitForSelector('#rule-form fieldset[disabled]');
    // Even forcing the request from the page: the server answers 403 for the cookie's read scope.
    const status = await page.evaluate(() => fetch('/api/v1/alerts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', condition: { type: 'anomaly' } }) }).then((r) => r.status));
    assert.equal(status, 403);
    const rules = (await (await fetch(`${studio.url}/api/v1/alerts`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { rules: unknown[] };
    assert.deepEqual(rules.rules, []);
    // Reading works through the same cookie, the live stream included.
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'live');
    await context.close();
  });

  test('an admin token edits; logging out forgets the token', async () => {
    const { context, page } = await login(ADMIN);
    assert.equal(await page.textContent('#role'), 'admin');
    await page.goto(`${studio.url}/#/alerts`);
    await page.waitForSelector('#rule-form fieldset:not([disabled])');
    await page.fill('#rule-form input[name="name"]', 'made by admin');
    await page.click('#rule-form button[type="submit"]');
    await page.waitForSelector('tr[data-rule]');
    await page.click('#logout');
    await page.waitForSelector('#login[open]');
    assert.deepEqual(await context.cookies(), []);
    await context.close();
  });
});
