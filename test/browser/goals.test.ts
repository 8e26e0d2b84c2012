/// <reference lib="dom" />
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { StudioServer } from '../../src/studio/server.js';
import { SqliteStore } from '../../src/studio/store/sqlite/sqlite-store.js';
import { createStudio } from '../../src/app/studio-app.js';
import { browserSkip, launch } from './browser.js';
import { poster, seedSite } from './seed.js';

// The goals panel in Chromium against a real studio: what it shows is what /api/v1/goals computed.
describe('dashboard goals panel in Chromium', { skip: browserSkip, timeout: 180_000 }, () => {
  let studio: StudioServer;
  let browser: Browser;
  const errors: string[] = [];
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await fetch(`${studio.url}${path}`, init)).json()) as T;

  before(async () => {
    studio = createStudio({ port: 0, host: '127.0.0.1', dataDir: '', store: new SqliteStore(':memory:') }, { GOALS_CHECK_INTERVAL: '0s' });
    await studio.start();
    await seedSite(poster(studio.url));
    browser = await launch();
  });
  after(async () => { await browser?.close(); await studio?.stop(); });

  test('each goal is a row with its status and the attainment the API computed; a goal set in the form appears with its own', async () => {
    const created = await json<{ id: string; attainment: number }>('/api/v1/goals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'humid enough', deadline: Date.now() + 3 * 86_400_000, measure: { type: 'time_share', scope: { location: 'warehouse-b' }, kind: 'humidity', op: '<', threshold: 60, target_pct: 95 } }) });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${studio.url}/#/goals`);
    await page.waitForSelector(`tr[data-goal="${created.id}"]`);
    const row = await page.$eval(`tr[data-goal="${created.id}"]`, (e) => ({ status: (e as HTMLElement).dataset.status, attainment: Number((e as HTMLElement).dataset.attainment), text: e.textContent }));
    const api = (await json<{ goals: { id: string; status: string; attainment: number }[] }>('/api/v1/goals')).goals.find((g) => g.id === created.id)!;
    assert.equal(row.attainment, api.attainment);
    assert.equal(row.status, api.status);
    assert.ok(api.attainment < 100, 'the HVAC failure pushed humidity over 60 for a while');
    assert.match(row.text ?? '', new RegExp(`${Math.round(api.attainment * 10) / 10} %`));
    await page.fill('#goal-text', 'keep warehouse-a below 30 °C 99 % of the time this week');
    await page.click('#goal-form button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-goal]').length === 2);
    const goals = (await json<{ goals: { id: string; title: string; attainment: number }[] }>('/api/v1/goals')).goals;
    const set = goals.find((g) => g.title.includes('warehouse-a'))!;
    assert.equal(Number(await page.$eval(`tr[data-goal="${set.id}"]`, (e) => (e as HTMLElement).dataset.attainment)), set.attainment);
    await page.fill('#goal-text', 'keep warehouse-q below 30 °C 99 % of the time this week');
    await page.click('#goal-form button[type=submit]');
    await page.waitForSelector('.notice.error');
    assert.match(await page.textContent('.notice.error') ?? '', /No data for "warehouse-q"/);
    assert.equal(await page.$$eval('tr[data-goal]', (els) => els.length), 2);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
