/**
 * Casual openers and verbs of asking, and measure words with a slip: "Yo, Gimme the temp in …",
 * "Hey bruno, Fetch the humidity for …", "lemme see …", "what is the humitidy in …", "tmep in …" —
 * the place's own reading, never "no data for gimme" and never the menu.
 */
import { name, num, text } from '../check.js';
import type { EvalItem } from '../item.js';
import { latest, type Series } from '../truth.js';

const NOT_A_NAME = text(/no data for "(gimme|lemme|fetch|grab|yo|hey|pull|hit|dig|tmep|humitidy|presure|tempreture)/i);
const HELP = text(/I'm not sure what you're asking/i);

export function slangVerbItems(series: Series[], asks: [string, string, string][]): EvalItem[] {
  return asks.map(([question, location, kind]) => ({
    category: 'slang-verb',
    question,
    facts: [name(location), num(latest(series, { location, kind })[0]!.value, kind === 'humidity' ? '%' : kind === 'pressure' ? 'hPa' : kind === 'temperature' ? 'C' : 'any', kind === 'illuminance' ? 1 : 0.1)],
    absent: [NOT_A_NAME, HELP],
  }));
}

export const SLANG_A: [string, string, string][] = [
  ['Yo, Gimme the temp in warehouse a', 'warehouse-a', 'temperature'],
  ['Hey bruno, Fetch the humidity for the office', 'office', 'humidity'],
  ['gimme temps for the cold room', 'cold-room', 'temperature'],
  ['lemme see the pressure at the server rack', 'server-rack', 'pressure'],
  ['yo what\'s the tmep in warehouse b', 'warehouse-b', 'temperature'],
  ['what is the humitidy in warehouse a', 'warehouse-a', 'humidity'],
  ['Grab me the presure in the cold room', 'cold-room', 'pressure'],
  ['pull up the tempreture for the server rack', 'server-rack', 'temperature'],
  ['hit me with the huimdity in warehouse-b', 'warehouse-b', 'humidity'],
];
export const SLANG_B: [string, string, string][] = [
  ['Yo, Fetch the temp in the boilerhouse', 'Boilerhouse', 'temperature'],
  ['gimme the humidty in the north warehouse', 'North Warehouse', 'humidity'],
  ['Hey, Grab the tmep at the loading bay', 'Loading Bay 3', 'temperature'],
];
