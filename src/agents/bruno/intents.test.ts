import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyIntent } from './intents.js';

const cases: [string, string][] = [
  ["What's the temperature in the warehouse?", 'current'],
  ['What is the humidity in warehouse b right now?', 'current'],
  ['Show me temperature readings from Pi cluster warehouse sensors in the last 24 hours', 'range'],
  ['Show me all sensor readings from warehouse Pi nodes in the last hour', 'range'],
  ['average pressure yesterday', 'range'],
  ['agent-bruno, show me sensor anomalies', 'anomalies'],
  ['Are there any unhealthy Pi nodes?', 'unhealthy_nodes'],
  ['List all Pi nodes and their health status', 'node_health'],
  ['Why is pi-node-3 under high load?', 'why'],
  ['Alert me if humidity drops below 30%', 'create_alert'],
  ['tell me a joke', 'help'],
  ['export humidity from warehouse b for the last 24 hours as csv', 'export'],
  ['What should I do about pi-node-3?', 'why'],
  ['has this happened before in warehouse b?', 'history'],
  ['When was the warehouse coldest today?', 'extremes'],
  ['what was the highest humidity yesterday', 'extremes'],
  ['compare warehouse a and warehouse b', 'compare'],
  ['Which location is warmest?', 'compare'],
  ['is the temperature rising in warehouse c?', 'trend'],
];

for (const [question, intent] of cases) {
  test(`"${question}" → ${intent}`, () => assert.equal(classifyIntent(question), intent));
}
