import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudEvent } from 'cloudevents';
import { encodeEvent } from './wire-event.js';

test('what the edge encodes is a valid CloudEvent 1.0 for the cloudevents library', () => {
  const wire = encodeEvent({ type: 'io.homelab.edge.health', source: '/edge/pi-node-1', id: 'pi-node-1:b1:health:5', time: Date.UTC(2026, 10, 23), subject: 'pi-node-1', data: { node: 'pi-node-1', cpu_pct: 12 } });
  const ce = new CloudEvent(JSON.parse(wire.json) as ConstructorParameters<typeof CloudEvent>[0], true);
  assert.equal(ce.id, 'pi-node-1:b1:health:5');
  assert.equal(ce.specversion, '1.0');
  assert.equal(ce.time, '2026-11-23T00:00:00.000Z');
  assert.deepEqual(ce.data, { node: 'pi-node-1', cpu_pct: 12 });
  assert.equal(wire.type, 'io.homelab.edge.health');
});
