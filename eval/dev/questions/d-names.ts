/**
 * World D: everyday words in place names. A generic question whose verb or noun is a word of a
 * place's name, or that word inflected ("stored" beside the Store Room, "reading" beside the
 * Reading Room), is about every place; the place is meant only with a preposition or article
 * ("in the store") or its whole name. A sibling whose ordinal, number or letter differs ("the third
 * floor lab", "3rd floor lab", "unit nine", "bay f") is a place the store lacks: no number.
 */
import { count, name, num, text } from '../check.js';
import type { EvalItem } from '../item.js';
import { latestValue } from '../truth.js';
import { BAY, FLOOR_LAB, READING_ROOM, STORE_ROOM, UNIT, type WorldD } from '../world-d.js';

export function nameWordItemsD(w: WorldD): EvalItem[] {
  const sensors = w.series.length;
  const narrowed = text(new RegExp(`\\b(in|for|at) ${STORE_ROOM}\\b`, 'i'));
  const item = (question: string, facts: EvalItem['facts'], absent: EvalItem['absent'] = [narrowed]): EvalItem => ({ category: 'name-word-not-place', question, facts, absent });
  return [
    item('how many sensors are stored here?', [count([sensors], 'sensors?')]),
    item('which sensors have you stored data for?', [name('bayc-pi'), name('u4-gw'), name('rr-pi')]),
    item('list the sensors being stored', [name('bayc-pi'), name('sfl-pi')]),
    item('what kinds of readings are stored?', [text(/\bhumidity\b/i), text(/\btemperature\b/i)]),
    item('how many readings are stored for the lab', [name(FLOOR_LAB)], [text(new RegExp(STORE_ROOM, 'i'))]),
    item("what's the latest reading?", [name(BAY), name(UNIT), name(READING_ROOM)]),
    item('which nodes do you store data from?', [name('bayc-pi'), name('u4-gw')]),
    // The place itself, when the words say so.
    { category: 'name-word-not-place', question: 'temperature in the store', facts: [num(latestValue(w.series, { location: STORE_ROOM, kind: 'temperature' }), 'C')] },
    { category: 'name-word-not-place', question: 'how humid is it in the reading room', facts: [num(latestValue(w.series, { location: READING_ROOM, kind: 'humidity' }), '%')] },
  ];
}

export function siblingItemsD(w: WorldD): EvalItem[] {
  const unknown = (question: string, name: string): EvalItem => ({ category: 'sibling-designator', question, noNumbers: true, unknown: [name] });
  const real = (question: string, location: string, kind: string): EvalItem => ({ category: 'sibling-designator', question, facts: [num(latestValue(w.series, { location, kind }), kind === 'humidity' ? '%' : 'C')] });
  return [
    unknown("what's the temperature in the third floor lab", 'third floor lab'),
    unknown('how humid is the 3rd floor lab?', '3rd floor lab'),
    unknown('first floor lab humidity', 'first floor lab'),
    unknown('is the fourth floor lab warmer than unit 4?', 'fourth floor lab'),
    unknown('any anomalies in the 5th floor lab today?', '5th floor lab'),
    unknown('alert me if the first floor lab goes above 25C', 'first floor lab'),
    unknown('how cold is unit nine', 'unit nine'),
    unknown('temperature in the unit one', 'unit one'),
    unknown('bay f humidity', 'bay f'),
    unknown('humidity in the second reading room', 'second reading room'),
    real('how warm is the 2nd floor lab', FLOOR_LAB, 'temperature'),
    real('humidity in unit four', UNIT, 'humidity'),
    real('second floor lab temp', FLOOR_LAB, 'temperature'),
  ];
}
