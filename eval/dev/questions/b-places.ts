/**
 * World B, places and what is measured there: part of a multi-word name ("the chiller room",
 * "boiler"), names that differ from a known one only by a number or a word (an honest unknown,
 * no number), one word shared by two warehouses (ask which), nodes named by their place ("the
 * loading bay pi"), words for a kind ("how bright", "muggy") and terse unit requests ("temp, F").
 */
import { name, num, text } from '../check.js';
import type { EvalItem } from '../item.js';
import { latestValue } from '../truth.js';
import { BAY, BOILER, CELLAR, CHILLER, NORTH, SOUTH, type WorldB } from '../world-b.js';
import { toF, toKPa } from './helpers.js';

export function placeItemsB(w: WorldB): EvalItem[] {
  const L = (location: string, kind: string) => latestValue(w.series, { location, kind });
  const unit = (kind: string) => (kind === 'humidity' ? '%' : kind === 'temperature' ? 'C' : kind === 'pressure' ? 'hPa' : 'any');
  /** The one place's value; no other place's value of that kind. */
  const at = (category: string, question: string, location: string, kind: string): EvalItem => {
    const v = L(location, kind);
    const others = w.series.filter((s) => s.spec.kind === kind && s.spec.location !== location).map((s) => s.samples.at(-1)!.value).filter((o) => Math.abs(o - v) > 1);
    return { category, question, facts: [num(v, unit(kind), kind === 'illuminance' ? 1 : 0.1)], absent: others.map((o) => num(o, unit(kind), 0.05)) };
  };
  const unknown = (question: string, names: string[]): EvalItem => ({ category: 'near-miss-unknown', question, noNumbers: true, unknown: names });
  const ambiguous = (question: string): EvalItem => ({ category: 'ambiguous-place', question, noNumbers: true, facts: [name(NORTH), name(SOUTH), text(/\bwhich\b/i)] });
  const vital = (question: string, value: number, u: '%' | 'C'): EvalItem => ({ category: 'node-by-place', question, facts: [num(value, u)] });
  const h = w.health;
  return [
    at('partial-name', 'how cold is the chiller room', CHILLER, 'temperature'),
    at('partial-name', 'temp in the chiller?', CHILLER, 'temperature'),
    at('partial-name', 'boiler humidity', BOILER, 'humidity'),
    at('partial-name', 'what is the temperature down in the cellar', CELLAR, 'temperature'),
    at('partial-name', 'loading bay temps', BAY, 'temperature'),
    at('partial-name', 'Humidity in the chiller room right now?', CHILLER, 'humidity'),
    at('partial-name', "what's the pressure like in the boiler house", BOILER, 'pressure'),

    unknown('temperature in chiller room 3', ['chiller room 3']),
    unknown('how humid is loading bay 4?', ['loading bay 4']),
    unknown('CPU on cellar-pi-2', ['cellar-pi-2']),
    // one-digit near misses whose fragments spell other real names (gw01 + cellar-pi-1's "pi 1")
    unknown('how hot is gw01-pi-1', ['gw01-pi-1']),
    unknown('what humidity does gw01-pi-2 read', ['gw01-pi-2']),
    unknown('lb3-pi-1a cpu please', ['lb3-pi-1a']),
    unknown('is gw02-pi-1 still alive?', ['gw02-pi-1']),
    unknown('memory on cellar-gw01', ['cellar-gw01']),
    unknown('is rpi-chill.3 online', ['rpi-chill.3', 'rpi chill 3']),
    unknown('disk usage of hub.east', ['hub.east', 'hub east']),
    unknown('East Warehouse temperature', ['east warehouse']),
    unknown('compare the boilerhouse with the greenhouse', ['greenhouse']),
    unknown('is the chiller room colder than chiller room 5?', ['chiller room 5']),
    unknown('humidity: west warehouse vs north warehouse', ['west warehouse']),

    ambiguous("what's the temperature in the warehouse?"),
    ambiguous('warehouse humidity'),
    ambiguous('is the warehouse getting warmer'),
    ambiguous('how bright is it in the warehouse right now'),
    { category: 'ambiguous-place', question: 'temperature in both warehouses', facts: [num(L(NORTH, 'temperature'), 'C'), num(L(SOUTH, 'temperature'), 'C')] },
    { category: 'ambiguous-place', question: 'humidity in each warehouse', facts: [num(L(NORTH, 'humidity'), '%'), num(L(SOUTH, 'humidity'), '%')] },

    vital('CPU of the boilerhouse node', h.gw01!.cpu, '%'),
    vital('how much memory is the pi in the loading bay using', h['lb3-pi']!.mem, '%'),
    vital('SoC temp of the chiller room node', h['RPI-CHILL.2']!.soc, 'C'),
    vital('disk usage on the node in the north warehouse', h['hub.north']!.disk, '%'),
    { category: 'node-by-place', question: "what's running on the loading bay pi", facts: [text('node-red')] },
    { category: 'node-by-place', question: 'is the cellar pi online?', facts: [text(/\b(offline|not (online|reporting)|stopped|silent|no longer)\b/i)], absent: [text(/^\W*yes\b/i)] },
    { category: 'node-by-place', question: 'ram usage of the south warehouse device', facts: [num(h['hub.south']!.mem, '%')] },

    at('kind-synonym', 'how bright is it in the loading bay', BAY, 'illuminance'),
    at('kind-synonym', 'lux in the north warehouse', NORTH, 'illuminance'),
    at('kind-synonym', 'brightness South Warehouse', SOUTH, 'illuminance'),
    at('kind-synonym', 'light levels in chiller room 2', CHILLER, 'illuminance'),
    at('kind-synonym', 'how muggy is the boilerhouse', BOILER, 'humidity'),
    at('kind-synonym', 'is it damp in the chiller room?', CHILLER, 'humidity'),
    at('kind-synonym', 'what is the illumination at loading bay 3', BAY, 'illuminance'),

    { category: 'terse-unit', question: 'boilerhouse temp, F', facts: [num(toF(L(BOILER, 'temperature')), 'F', 0.2)] },
    { category: 'terse-unit', question: 'chiller room temperature in fahrenheit', facts: [num(toF(L(CHILLER, 'temperature')), 'F', 0.2)] },
    { category: 'terse-unit', question: 'Loading Bay 3 temp (°F)', facts: [num(toF(L(BAY, 'temperature')), 'F', 0.2)] },
    { category: 'terse-unit', question: 'south warehouse temperature F', facts: [num(toF(L(SOUTH, 'temperature')), 'F', 0.2)] },
    { category: 'terse-unit', question: 'temp f north warehouse', facts: [num(toF(L(NORTH, 'temperature')), 'F', 0.2)] },
    { category: 'terse-unit', question: 'boilerhouse pressure, kPa', facts: [num(toKPa(L(BOILER, 'pressure')), 'kPa')] },
    { category: 'terse-unit', question: 'wine cellar temperature - fahrenheit please', facts: [num(toF(L(CELLAR, 'temperature')), 'F', 0.2)] },
  ];
}
