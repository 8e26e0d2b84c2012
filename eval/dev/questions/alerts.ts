/** Alert rules from language: created (checked in the alert engine, not in the text), listed, deleted. */
import { num, text } from '../check.js';
import type { EvalItem, SetupApi } from '../item.js';
import { expectDeleted, expectRule, fromF } from './helpers.js';

const COLD = { name: 'Cold room too warm', severity: 'warning', filter: { location: 'cold-room', kind: 'temperature' }, condition: { type: 'threshold', op: '>', value: 8, for_s: 600 } };
const DRY = { name: 'Warehouse A dry', severity: 'warning', filter: { location: 'warehouse-a', kind: 'humidity' }, condition: { type: 'threshold', op: '<', value: 30 } };
const twoRules = async (api: SetupApi) => { await api.createRule('cold', COLD); await api.createRule('dry', DRY); };

const scope = (node: string, location: string) => ({ node, location });
const A = scope('pi-node-1', 'warehouse-a'), B = scope('pi-node-2', 'warehouse-b'), C = scope('pi-node-3', 'cold-room');
const O = scope('pi-node-4', 'office'), S = scope('pi-node-5', 'server-rack');

export function alertItems(): EvalItem[] {
  const create = (question: string, e: Parameters<typeof expectRule>[0]): EvalItem => ({ category: 'alert-create', question, rules: expectRule(e) });
  const units = (question: string, e: Parameters<typeof expectRule>[0]): EvalItem => ({ category: 'alert-create-units', question, rules: expectRule(e) });
  /** The listing names both rules; asked for their conditions, it states both thresholds. */
  const listed = (question: string, thresholds = false): EvalItem => ({
    category: 'alert-list', question, setup: twoRules,
    facts: [text('Cold room too warm'), text('Warehouse A dry'), ...(thresholds ? [num(8, 'any', 0), num(30, 'any', 0)] : [])],
  });
  const del = (question: string, gone: string[], kept: string[]): EvalItem => ({ category: 'alert-delete', question, setup: twoRules, rules: expectDeleted(gone, kept) });
  return [
    create('Alert me if humidity drops below 30%', { kind: 'humidity', op: '<', value: 30 }),
    create('alert me if humidity in warehouse-a drops below 35%', { kind: 'humidity', scope: A, op: '<', value: 35 }),
    create('create an alert when the cold room temperature goes above 8 degrees', { kind: 'temperature', scope: C, op: '>', value: 8 }),
    create('set up an alert for warehouse b pressure under 1000 hPa', { kind: 'pressure', scope: B, op: '<', value: 1000 }),
    create('notify me when pi-node-5 temperature exceeds 30°C', { kind: 'temperature', scope: S, op: '>', value: 30 }),
    create('warn me if server rack humidity goes over 60 percent', { kind: 'humidity', scope: S, op: '>', value: 60 }),
    create('Tell me when it gets colder than 15 °C in warehouse a', { kind: 'temperature', scope: A, op: '<', value: 15 }),

    units('create an alert: pi-node-3 temperature over 35°C for 10 minutes', { kind: 'temperature', scope: C, op: '>', value: 35, for_s: 600 }),
    units('Warn me when the server rack goes above 80°F', { kind: 'temperature', scope: S, op: '>', value: fromF(80) }),
    units('alert if warehouse b temperature is above 77 F for 5 min', { kind: 'temperature', scope: B, op: '>', value: 25, for_s: 300 }),
    units('notify me if the cold room gets warmer than 8 degrees for half an hour', { kind: 'temperature', scope: C, op: '>', value: 8, for_s: 1800 }),
    units('page me if pi-node-2 humidity goes over 70 percent for 15 minutes', { kind: 'humidity', scope: B, op: '>', value: 70, for_s: 900 }),
    units('make an alert for warehouse-a temperature below 50°F for 2 minutes', { kind: 'temperature', scope: A, op: '<', value: 10, for_s: 120 }),
    units('alert when the office temperature exceeds 300 K', { kind: 'temperature', scope: O, op: '>', value: 300 - 273.15 }),
    units('alert me if pressure in warehouse a drops below 29.5 inHg for an hour', { kind: 'pressure', scope: A, op: '<', value: 29.5 * 33.8639, tol: 0.3, for_s: 3600 }),

    listed('what alerts do I have?'),
    listed('list alerts'),
    listed('show my alert rules'),
    listed('Which alerts are configured?'),
    listed('any alert rules set up?'),
    listed('what am I being alerted on? show the thresholds', true),
    listed('list my alerts with their conditions', true),

    del('delete the cold room alert', ['cold'], ['dry']),
    del('remove alert {id:cold}', ['cold'], ['dry']),
    del('delete the alert called Warehouse A dry', ['dry'], ['cold']),
    del('stop alerting me about humidity in warehouse a', ['dry'], ['cold']),
    del('cancel the cold room temperature alert', ['cold'], ['dry']),
    del('Delete all my alerts', ['cold', 'dry'], []),
    del("get rid of the 'Cold room too warm' rule", ['cold'], ['dry']),
  ];
}
