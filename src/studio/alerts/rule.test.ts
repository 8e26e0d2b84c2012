import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertRuleInput, crosses, ruleFromIntent } from './rule.js';

test('ruleFromIntent: "Alert me if humidity drops below 30%" is a valid threshold rule', () => {
  const input = ruleFromIntent({ kind: 'humidity', op: '<', value: 30 });
  assert.deepEqual(input, { name: 'humidity < 30', filter: { kind: 'humidity' }, condition: { type: 'threshold', op: '<', value: 30 } });
  const spec = AlertRuleInput.parse(input);
  assert.deepEqual([spec.severity, spec.repeat_interval_s, spec.channels, spec.labels], ['warning', 3600, [], {}]);
});

test('ruleFromIntent: place, duration and severity when the request names them', () => {
  const spec = AlertRuleInput.parse(ruleFromIntent({ kind: 'temperature', op: '>', value: 28, node: 'pi-node-2', location: 'warehouse-b', for_s: 600, severity: 'critical' }));
  assert.equal(spec.name, 'temperature > 28 in pi-node-2');
  assert.deepEqual(spec.filter, { kind: 'temperature', location: 'warehouse-b', node: 'pi-node-2' });
  assert.deepEqual(spec.condition, { type: 'threshold', op: '>', value: 28, for_s: 600 });
  assert.equal(spec.severity, 'critical');
});

test('crosses follows each operator at the boundary', () => {
  assert.deepEqual((['<', '<=', '>', '>='] as const).map((op) => crosses(op, 30, 30)), [false, true, false, true]);
  assert.deepEqual((['<', '<=', '>', '>='] as const).map((op) => crosses(op, 29.9, 30)), [true, true, false, false]);
});
