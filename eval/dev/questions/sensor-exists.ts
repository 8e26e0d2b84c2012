/**
 * Whether a sensor exists, asked yes or no — "does <place> have a <kind> sensor?", "is there a <kind>
 * sensor in <place>?", "are there any sensors in <place>?" — opens with Yes or No from the catalog;
 * a No says what the place does measure. Never the current value alone, never the menu.
 */
import { text } from '../check.js';
import type { EvalItem } from '../item.js';
import type { Series } from '../truth.js';

const YES = text(/^\W*yes\b/i);
const NO = text(/^\W*no\b/i);
const FORMS = ['does the {p} have a {k} sensor?', 'is there a {k} sensor in the {p}?', 'has the {p} got a {k} probe', 'do we have a {k} sensor in the {p}'];

export function sensorExistsItems(series: Series[], asks: [string, string, string][]): EvalItem[] {
  return asks.map(([spoken, location, kind], i) => {
    const yes = series.some((s) => s.spec.location === location && (s.spec.kind === kind || (kind === 'light' && s.spec.kind === 'illuminance')));
    return { category: 'sensor-exists', question: FORMS[i % FORMS.length]!.replace('{p}', spoken).replace('{k}', kind), facts: [yes ? YES : NO], absent: [yes ? NO : YES, text(/I'm not sure what you're asking/)] };
  });
}

export const EXISTS_B: [string, string, string][] = [
  ['boilerhouse', 'Boilerhouse', 'light'], ['north warehouse', 'North Warehouse', 'pressure'], ['chiller room', 'Chiller Room 2', 'humidity'],
  ['loading bay', 'Loading Bay 3', 'humidity'], ['boilerhouse', 'Boilerhouse', 'pressure'], ['south warehouse', 'South Warehouse', 'light'],
  ['wine cellar', 'Wine Cellar', 'temperature'], ['loading bay', 'Loading Bay 3', 'pressure'],
];
