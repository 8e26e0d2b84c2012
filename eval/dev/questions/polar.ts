/**
 * Yes/no questions whose operation has a truth value — steadiness of a trend, nodes online or
 * down (all / any / one), anomalies in a window, a node's health — must open with Yes or No and
 * then give the grounded detail. Truths from the planted events: warehouse-b's pressure and the
 * South Warehouse's humidity are flat, the server rack warms over the last two hours, warehouse-a's
 * humidity falls, pi-node-4 (office) and cellar-pi-1 (Wine Cellar) stopped, the cold room spiked
 * this morning and warehouse-b had its HVAC failure yesterday.
 */
import { name, num, text } from '../check.js';
import type { EvalItem } from '../item.js';
import type { DevWorld } from '../world.js';
import { CELLAR, type WorldB } from '../world-b.js';
import { direction } from './helpers.js';
import { latestValue } from '../truth.js';

const YES = text(/^\W*yes\b/i);
const NO = text(/^\W*no\b/i);

export function polarItems(w: DevWorld): EvalItem[] {
  const item = (question: string, yes: boolean, ...rest: Pick<EvalItem, 'facts' | 'absent'>[]): EvalItem => ({
    category: 'yes-no', question, facts: [yes ? YES : NO, ...rest.flatMap((r) => r.facts ?? [])], absent: [yes ? NO : YES, ...rest.flatMap((r) => r.absent ?? [])],
  });
  const quiet = w.nodes.filter((n) => n.lastSeen < w.now - 30 * 60_000);
  const silentNode = { facts: quiet.map((n) => name(n.node)) };
  return [
    item('Has the pressure in warehouse b been stable?', true, direction('steady')),
    item('is the server rack temperature holding steady', false, direction('rising')),
    item('has warehouse-a humidity stayed the same over the last few hours?', false, direction('falling')),
    item('hey, has the cold room humidity been constant?', false, direction('rising')),
    item('Has warehouse b pressure changed much?', false, direction('steady')),
    item('Are all the nodes online right now?', quiet.length === 0, silentNode),
    item('is any pi offline?', quiet.length > 0, silentNode),
    item('Is every node still up?', quiet.length === 0, silentNode),
    item('has any node gone quiet?', quiet.length > 0, silentNode),
    item('Has pi-node-3 stopped reporting?', false, { facts: [name('pi-node-3')] }),
    item('were there any anomalies in the cold room today?', true, { facts: [num(w.planted.coldSpike.value, 'C', 0.3)] }),
    item('Any anomalies in the office yesterday?', false),
    item('did warehouse-b have anything abnormal yesterday?', true, { facts: [name('warehouse-b')] }),
    item('Is pi-node-3 healthy?', true, { facts: [name('pi-node-3')] }),
    item('is pi-node-5 doing ok', false, { facts: [num(w.health['pi-node-5']!.cpu, '%', 0.5)] }),
    item("Is there a node that's down?", quiet.length > 0, silentNode),
    item('Are all the warehouses reporting?', true, { facts: [name('warehouse-a'), name('warehouse-b')] }),
    item('Did the temperature in warehouse-a drop today?', false, direction('rising')),
    item('did the cold room humidity rise in the last 3 hours?', true, direction('rising')),
    // A comparison asked yes or no after a greeting.
    item('hey bruno, is the cold room colder than the office?', latestValue(w.series, { location: 'cold-room', kind: 'temperature' }) < latestValue(w.series, { location: 'office', kind: 'temperature' }), { facts: [name('cold-room'), name('office')] }),
    item('quick question: is warehouse-a warmer than warehouse-b?', latestValue(w.series, { location: 'warehouse-a', kind: 'temperature' }) > latestValue(w.series, { location: 'warehouse-b', kind: 'temperature' }), { facts: [name('warehouse-a'), name('warehouse-b')] }),
  ];
}

export function polarItemsB(w: WorldB): EvalItem[] {
  const cellarNode = w.nodes.find((n) => n.location === CELLAR)!.node;
  const item = (question: string, yes: boolean, ...rest: Pick<EvalItem, 'facts' | 'absent'>[]): EvalItem => ({
    category: 'yes-no-b', question, facts: [yes ? YES : NO, ...rest.flatMap((r) => r.facts ?? [])], absent: [yes ? NO : YES, ...rest.flatMap((r) => r.absent ?? [])],
  });
  return [
    item('Is the south warehouse humidity steady?', true, direction('steady')),
    item('Has the boilerhouse temperature been constant?', false, direction('falling')),
    item('so, is everything still online?', false, { facts: [name(cellarNode)] }),
    item('Are all the sensors reporting?', false, { facts: [name(cellarNode)] }),
    item('any devices offline?', true, { facts: [name(cellarNode)] }),
    item('Is the wine cellar online?', false, { facts: [name(cellarNode)] }),
  ];
}
