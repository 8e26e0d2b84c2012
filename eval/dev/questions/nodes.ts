/** Node vitals (CPU, memory, SoC temperature, disk, top process), health, why, liveness and inventory. */
import { count as counted, name, namePattern, num, text, when, type Fact } from '../check.js';
import type { EvalItem } from '../item.js';
import { latestValue } from '../truth.js';
import type { DevWorld } from '../world.js';
import { about } from './helpers.js';

export const ONLINE = /\b(online|is up|up and running|reporting|alive|active|healthy|yes|connected|live|last (seen|heard|report(ed)?)[^.\n]{0,20}(\d+\s*(s|sec|seconds?|min|minutes?)\b|just now))/i;
export const OFFLINE = /\b(offline|down|stopped( reporting| sending)?|not (reporting|responding|sending|heard)|silent|unreachable|no longer|gone quiet|quiet|stale|missing|no (data|readings|reports?) (since|for)|has(n't| not) (reported|been heard|sent))\b/i;

export function nodeItems(w: DevWorld): EvalItem[] {
  const h = w.health;
  const vital = (category: string, question: string, value: number, unit: '%' | 'C', absent: number[] = []): EvalItem =>
    ({ category, question, facts: [num(value, unit)], absent: absent.map((v) => num(v, unit)) });
  const room = (node: string) => latestValue(w.series, { node, kind: 'temperature' });
  const seen = (node: string) => w.nodes.find((n) => n.node === node)!.lastSeen;
  /** Each unhealthy node named with its problem on the same line: a list of every node name (a menu) is not an answer. */
  const unhealthy = [about('pi-node-5', /cpu|load|memory|ram/i, true, 120), about('pi-node-1', /disk|storage|sd card/i, true, 120), about('pi-node-4', OFFLINE, true, 120)];
  const online = (question: string, node: string): EvalItem => ({ category: 'liveness', question, facts: [text(ONLINE)], absent: [about(node, OFFLINE)] });
  const offline = (question: string): EvalItem => ({ category: 'liveness', question, facts: [text(OFFLINE), when(seen('pi-node-4'), w.now)] });
  const lastHeard = (question: string, node: string): EvalItem => ({ category: 'liveness', question, facts: [when(seen(node), w.now)] });
  const silent = (question: string, extra: Fact[] = []): EvalItem => ({ category: 'stopped-reporting', question, facts: [{ label: 'pi-node-4 (office) is offline', test: (r) => about('pi-node-4', OFFLINE, true).test(r) || about('office', OFFLINE, true).test(r) }, ...extra] });
  const count = (question: string, values: number[], nouns: string): EvalItem => ({ category: 'inventory-count', question, facts: [counted(values, nouns)] });
  const list = (question: string, names: string[]): EvalItem => ({ category: 'inventory-list', question, facts: names.map((n) => name(n)) });
  const locations = ['warehouse-a', 'warehouse-b', 'cold-room', 'office', 'server-rack'];
  const nodes = ['pi-node-1', 'pi-node-2', 'pi-node-3', 'pi-node-4', 'pi-node-5'];
  const sensors = ['dht22-temperature', 'dht22-humidity', 'bmp280-pressure'];

  return [
    vital('node-cpu', 'CPU usage on pi-node-5', h['pi-node-5']!.cpu, '%'),
    vital('node-cpu', "how busy is pi 2's processor", h['pi-node-2']!.cpu, '%'),
    vital('node-cpu', "What's the CPU load on node three?", h['pi-node-3']!.cpu, '%'),
    vital('node-cpu', 'cpu pi-node-1', h['pi-node-1']!.cpu, '%'),
    vital('node-cpu', 'processor utilisation for the server rack pi', h['pi-node-5']!.cpu, '%'),
    vital('node-cpu', 'how much CPU is pi5 using', h['pi-node-5']!.cpu, '%'),

    vital('node-memory', 'memory use on pi 5', h['pi-node-5']!.mem, '%'),
    vital('node-memory', 'How much RAM is pi-node-2 using?', h['pi-node-2']!.mem, '%'),
    vital('node-memory', 'mem usage node 1', h['pi-node-1']!.mem, '%'),
    vital('node-memory', 'what percentage of memory is the cold room node using', h['pi-node-3']!.mem, '%'),
    vital('node-memory', 'Is pi-node-5 running out of memory?', h['pi-node-5']!.mem, '%'),
    vital('node-memory', 'ram on pi-node-3', h['pi-node-3']!.mem, '%'),

    vital('node-soc-temp', 'CPU temperature of pi-node-5', h['pi-node-5']!.soc, 'C', [room('pi-node-5')]),
    vital('node-soc-temp', 'how hot is the SoC on pi 1', h['pi-node-1']!.soc, 'C', [room('pi-node-1')]),
    vital('node-soc-temp', 'pi-node-2 chip temperature', h['pi-node-2']!.soc, 'C', [room('pi-node-2')]),
    vital('node-soc-temp', 'Is pi 3 overheating?', h['pi-node-3']!.soc, 'C', [room('pi-node-3')]),
    vital('node-soc-temp', 'processor temp node five', h['pi-node-5']!.soc, 'C', [room('pi-node-5')]),
    vital('node-soc-temp', "What's the core temperature of pi-node-3?", h['pi-node-3']!.soc, 'C', [room('pi-node-3')]),

    vital('node-disk', 'disk on pi-node-1', h['pi-node-1']!.disk, '%'),
    vital('node-disk', 'how full is the SD card on pi 5', h['pi-node-5']!.disk, '%'),
    vital('node-disk', 'disk usage for node 2', h['pi-node-2']!.disk, '%'),
    { category: 'node-disk', question: 'storage left on pi-node-3?', facts: [num([h['pi-node-3']!.disk, 100 - h['pi-node-3']!.disk], '%')] },
    { category: 'node-disk', question: 'Which node is running low on disk space?', facts: [name('pi-node-1'), num(h['pi-node-1']!.disk, '%')] },
    vital('node-disk', "what's the disk utilization of pi-node-4", h['pi-node-4']!.disk, '%'),

    { category: 'node-top-process', question: "What's the top process on pi-node-5?", facts: [text('plex-transcoder')] },
    { category: 'node-top-process', question: 'which process uses the most CPU on pi 2', facts: [text('zigbee2mqtt')] },
    { category: 'node-top-process', question: "what's running on node 1", facts: [text('mosquitto')] },
    { category: 'node-top-process', question: 'biggest CPU hog on pi-node-3', facts: [text('sensor-collector')] },
    { category: 'node-top-process', question: 'top processes pi5', facts: [text('plex-transcoder')] },
    { category: 'node-top-process', question: 'what is eating the processor on the server rack node?', facts: [text('plex-transcoder')] },

    { category: 'unhealthy-nodes', question: 'Are there any unhealthy Pi nodes?', facts: unhealthy },
    { category: 'unhealthy-nodes', question: 'which nodes have problems', facts: unhealthy },
    { category: 'unhealthy-nodes', question: 'any nodes in trouble?', facts: unhealthy },
    { category: 'unhealthy-nodes', question: 'show me nodes that need attention', facts: unhealthy },
    { category: 'unhealthy-nodes', question: 'Is everything healthy on the cluster?', facts: unhealthy },
    { category: 'unhealthy-nodes', question: 'list unhealthy nodes pls', facts: unhealthy },

    { category: 'why', question: 'Why is pi-node-5 under high load?', facts: [text('plex-transcoder'), num(h['pi-node-5']!.cpu, '%')] },
    { category: 'why', question: 'why is pi 5 so slow', facts: [text('plex-transcoder')] },
    { category: 'why', question: "what's causing the high CPU on node five?", facts: [text('plex-transcoder'), num(h['pi-node-5']!.cpu, '%')] },
    { category: 'why', question: 'why is pi-node-1 flagged as unhealthy?', facts: [text(/disk|storage|sd card/i), num(h['pi-node-1']!.disk, '%')] },
    { category: 'why', question: 'why is pi-node-4 unhealthy', facts: [text(OFFLINE), when(seen('pi-node-4'), w.now)] },
    { category: 'why', question: 'explain the load on the server rack pi', facts: [text('plex-transcoder')] },
    { category: 'why', question: 'Why is memory so high on pi-node-5?', facts: [text('plex-transcoder'), num(h['pi-node-5']!.mem, '%')] },

    online('is pi-node-1 online', 'pi-node-1'),
    lastHeard('when did we last hear from pi-node-4', 'pi-node-4'),
    offline('Is the office node still up?'),
    lastHeard('last seen pi 2?', 'pi-node-2'),
    offline('has pi-node-4 gone offline?'),
    lastHeard('When did node 3 last check in', 'pi-node-3'),
    online('Is pi-node-5 alive?', 'pi-node-5'),
    lastHeard('what time did we last get data from the office', 'pi-node-4'),

    silent('which nodes stopped reporting'),
    silent('any sensors gone quiet?'),
    silent('Which Pis are offline?'),
    silent('anything not sending data?'),
    silent('list silent nodes'),
    silent('are all nodes reporting?'),
    silent('which nodes stopped reporting and since when?', [when(seen('pi-node-4'), w.now)]),

    count('how many sensors are reporting', [12, 15], 'sensors?|series'),
    count('How many nodes do we have?', [5], 'nodes?|pis?'),
    count('number of locations', [5], 'locations?|places?|sites?|rooms?'),
    count('how many temperature sensors are there', [5, 4], 'sensors?|temperature sensors?'),
    count('count the pi nodes', [5], 'nodes?|pis?'),
    count('How many sensors do you know about?', [15], 'sensors?|series'),
    count('how many nodes are online right now', [4], 'nodes?|pis?|online'),

    list('what locations do you have', locations),
    list('list sensors', [...nodes, ...sensors]),
    list('which places are monitored?', locations),
    list('list all Pi nodes', nodes),
    { category: 'inventory-list', question: 'what kinds of measurements do you collect', facts: ['temperature', 'humidity', 'pressure'].map((k) => text(k)) },
    { category: 'inventory-list', question: 'What sensors are in the cold room?', facts: [name('cold-room', 'pi-node-3'), text('temperature'), text('humidity'), text('pressure')], absent: [name('warehouse-a'), name('pi-node-1')] },
    { category: 'inventory-list', question: 'show me every node and where it is', facts: w.nodes.map((n) => about(n.node, namePattern(n.location), true, 30)) },
  ];
}
