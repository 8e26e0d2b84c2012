/**
 * World B, the fleet and alerts: liveness and status in the words people use ("gone dark", "fleet
 * status", "where are the nodes"), vitals of nodes with dots, digits and capitals in their names,
 * two nodes compared by name, and alert rules created, listed and deleted by what they watch.
 */
import { name, namePattern, num, text } from '../check.js';
import type { EvalItem, SetupApi } from '../item.js';
import { BAY, BOILER, CHILLER, NORTH, SOUTH, type WorldB } from '../world-b.js';
import { about, expectDeleted, expectRule, winner } from './helpers.js';
import { OFFLINE } from './nodes.js';

const HOT = { name: 'Boilerhouse overheating', severity: 'critical', filter: { location: BOILER, kind: 'temperature' }, condition: { type: 'threshold', op: '>', value: 35 } };
const DAMP = { name: 'North damp', severity: 'warning', filter: { node: 'hub.north', kind: 'humidity' }, condition: { type: 'threshold', op: '>', value: 70 } };
const twoRules = async (api: SetupApi) => { await api.createRule('hot', HOT); await api.createRule('damp', DAMP); };

export function fleetItemsB(w: WorldB): EvalItem[] {
  const h = w.health;
  const cellarDown = about('cellar-pi-1', OFFLINE, true, 80);
  const fleet = (question: string, extra: EvalItem['facts'] = []): EvalItem => ({ category: 'fleet', question, facts: [cellarDown, ...(extra ?? [])], absent: [about('gw01', OFFLINE, false, 15), about('hub.south', OFFLINE, false, 15)] });
  const vital = (question: string, value: number, u: '%' | 'C'): EvalItem => ({ category: 'odd-node-vitals', question, facts: [num(value, u)] });
  const two = (question: string, a: string, b: string, va: number, vb: number, more: string, less: string): EvalItem => {
    const [hi, lo] = va > vb ? [a, b] : [b, a];
    return { category: 'compare-nodes', question, facts: [name(a), name(b), num(va, '%'), num(vb, '%'), winner([hi], [lo], more, less)] };
  };
  const scope = (node: string, location: string) => ({ node, location });
  const create = (question: string, e: Parameters<typeof expectRule>[0]): EvalItem => ({ category: 'alert-phrases', question, rules: expectRule(e) });
  const listed = (question: string): EvalItem => ({ category: 'alert-phrases', question, setup: twoRules, facts: [text(HOT.name), text(DAMP.name)] });
  const del = (question: string, gone: string[], kept: string[]): EvalItem => ({ category: 'alert-phrases', question, setup: twoRules, rules: expectDeleted(gone, kept) });
  return [
    fleet('are any pis down?'),
    fleet('which nodes have gone dark'),
    fleet('fleet status'),
    fleet('is anything offline at the moment?'),
    fleet('any devices not talking to us?'),
    fleet('which hosts are unreachable'),
    { category: 'fleet', question: 'where are the nodes located', facts: w.nodes.map((n) => about(n.node, namePattern(n.location), true, 30)) },
    { category: 'fleet', question: 'give me a quick overview of the nodes', facts: [cellarDown, name('gw01'), name('lb3-pi'), name('RPI-CHILL.2')] },

    vital('cpu on RPI-CHILL.2', h['RPI-CHILL.2']!.cpu, '%'),
    vital('memory of gw01', h.gw01!.mem, '%'),
    vital('hub.north soc temperature', h['hub.north']!.soc, 'C'),
    vital('disk hub.south', h['hub.south']!.disk, '%'),
    vital('lb3-pi ram', h['lb3-pi']!.mem, '%'),
    vital('rpi-chill.2 disk usage?', h['RPI-CHILL.2']!.disk, '%'),
    vital('GW01 cpu load', h.gw01!.cpu, '%'),
    vital('how hot is the processor on lb3-pi', h['lb3-pi']!.soc, 'C'),

    two('CPU of gw01 vs lb3-pi', 'gw01', 'lb3-pi', h.gw01!.cpu, h['lb3-pi']!.cpu, 'busier|higher|more', 'less busy|lower|less'),
    two('compare memory on hub.north and hub.south', 'hub.north', 'hub.south', h['hub.north']!.mem, h['hub.south']!.mem, 'higher|more', 'lower|less'),
    two('which is busier, gw01 or hub.north?', 'gw01', 'hub.north', h.gw01!.cpu, h['hub.north']!.cpu, 'busier|higher|more', 'less busy|lower|less'),
    two('hub.south versus RPI-CHILL.2 disk', 'hub.south', 'RPI-CHILL.2', h['hub.south']!.disk, h['RPI-CHILL.2']!.disk, 'higher|more|fuller', 'lower|less'),
    two('does lb3-pi use more RAM than gw01?', 'lb3-pi', 'gw01', h['lb3-pi']!.mem, h.gw01!.mem, 'higher|more', 'lower|less'),

    create('notify me when the chiller room goes above 6 degrees', { kind: 'temperature', scope: scope('RPI-CHILL.2', CHILLER), op: '>', value: 6 }),
    create('ping me if gw01 humidity falls under 20%', { kind: 'humidity', scope: scope('gw01', BOILER), op: '<', value: 20 }),
    create('let me know when the north warehouse tops 25°C for 15 minutes', { kind: 'temperature', scope: scope('hub.north', NORTH), op: '>', value: 25, for_s: 900 }),
    create('if loading bay 3 drops below 0 °C send me an alert', { kind: 'temperature', scope: scope('lb3-pi', BAY), op: '<', value: 0 }),
    create("when hub.south's humidity is over 65 percent, notify me", { kind: 'humidity', scope: scope('hub.south', SOUTH), op: '>', value: 65 }),
    create('I want to be told if the boilerhouse is hotter than 95 F', { kind: 'temperature', scope: scope('gw01', BOILER), op: '>', value: 35 }),
    listed('what alerts have I set up?'),
    listed('do I have any alerts'),
    listed('show me the alerting rules'),
    del('delete the alert on the boilerhouse temperature', ['hot'], ['damp']),
    del('remove the humidity alert for the north warehouse', ['damp'], ['hot']),
    del('get rid of the hub.north alert', ['damp'], ['hot']),
    del("please delete my alert on gw01's temperature", ['hot'], ['damp']),
  ];
}
