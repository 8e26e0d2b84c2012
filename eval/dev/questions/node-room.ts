/**
 * A node's vitals and the room around it, kept apart: "the temperature where pi-node-3 is", "room
 * temp at pi 3", "the room pi-node-5 is in" are the room sensor of the node's location (its chip
 * absent); "temperature of the cpu on pi 3", "how hot is pi 3's processor", "pi 3 cpu temperature and
 * room temperature" are the chip (no CPU load put beside it, the room only when asked), "memory
 * utilisation of node 3" is memory (not CPU), and "how much memory is free" says what is left.
 */
import { name, num, text } from '../check.js';
import type { EvalItem } from '../item.js';
import { latest } from '../truth.js';
import type { DevWorld } from '../world.js';

export function nodeRoomItems(w: DevWorld): EvalItem[] {
  const room = (node: string, kind = 'temperature') => latest(w.series, { node, kind })[0]!;
  const soc = (node: string) => num(w.health[node]!.soc, 'C', 0.05);
  const cpu = (node: string) => num(w.health[node]!.cpu, '%', 0);
  const out: EvalItem[] = [];
  const byRoom = (question: string, node: string, kind = 'temperature') => {
    const r = room(node, kind);
    out.push({ category: 'node-room', question, facts: [name(r.spec.location), num(r.value, kind === 'humidity' ? '%' : 'C')], absent: kind === 'temperature' ? [soc(node)] : [] });
  };
  byRoom('the temperature where pi-node-3 is', 'pi-node-3');
  byRoom("what's the temperature where node 2 is located", 'pi-node-2');
  byRoom('temperature in the room pi-node-5 is in', 'pi-node-5');
  byRoom('how warm is it where pi 1 sits', 'pi-node-1');
  byRoom('room temp at pi-node-3', 'pi-node-3');
  byRoom('how hot is the room with pi-node-5', 'pi-node-5');
  byRoom('humidity around node 2', 'pi-node-2', 'humidity');
  const chip = (question: string, node: string, withRoom = false) =>
    out.push({ category: 'node-vital-phrasing', question, facts: [soc(node), ...(withRoom ? [num(room(node).value, 'C')] : [])], absent: [text(new RegExp(`\\bCPU of ${node}`)), cpu(node), ...(withRoom ? [] : [num(room(node).value, 'C', 0.05)])] });
  chip('temperature of the cpu on pi 3', 'pi-node-3');
  chip("how hot is pi 5's processor", 'pi-node-5');
  chip("is pi-node-5's cpu hot", 'pi-node-5');
  chip('pi-node-3 cpu temperature and room temperature', 'pi-node-3', true);
  out.push({ category: 'node-vital-phrasing', question: 'memory utilisation of node 5', facts: [num(w.health['pi-node-5']!.mem, '%', 0)], absent: [cpu('pi-node-5')] });
  out.push({ category: 'node-vital-phrasing', question: 'disk usage on pi 1', facts: [num(w.health['pi-node-1']!.disk, '%', 0)], absent: [cpu('pi-node-1')] });
  // What is left, asked of memory or disk: the free share beside the used one.
  out.push({ category: 'node-vital-phrasing', question: 'how much memory is free on pi 3', facts: [num(100 - w.health['pi-node-3']!.mem, '%', 0), num(w.health['pi-node-3']!.mem, '%', 0)] });
  out.push({ category: 'node-vital-phrasing', question: 'how much disk is left on pi-node-1', facts: [num(100 - w.health['pi-node-1']!.disk, '%', 0)] });
  return out;
}
