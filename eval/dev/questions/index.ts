/** Every development item, built from the world's truth. */
import type { EvalItem } from '../item.js';
import type { DevWorld } from '../world.js';
import { alertItems } from './alerts.js';
import { anomalyItems } from './anomalies.js';
import { compareItems } from './compare.js';
import { nodeItems } from './nodes.js';
import { unknownItems } from './unknown.js';
import { valueItems } from './values.js';
import { windowItems } from './windows.js';
import { phrasingItems } from './phrasing.js';
import { alertWishItems } from './alert-wishes.js';
import { thresholdItems } from './thresholds.js';
import { fleetInventoryItems } from './fleet-inventory.js';
import { terseItems } from './terse.js';
import { understandingItems } from './understanding.js';
import { polarItems } from './polar.js';
import { everywhereItems } from './everywhere.js';
import { quietPlaceItems } from './quiet-places.js';
import { anomalySlangItems } from './anomaly-slang.js';

export function devItems(w: DevWorld): EvalItem[] {
  return [...valueItems(w), ...windowItems(w), ...compareItems(w), ...nodeItems(w), ...anomalyItems(w), ...alertItems(), ...unknownItems(), ...phrasingItems(w), ...alertWishItems(w), ...thresholdItems(w), ...fleetInventoryItems(w), ...understandingItems(w), ...terseItems(w), ...polarItems(w), ...everywhereItems(w), ...quietPlaceItems('place-gone-quiet', w.nodes, w.now, [0, 1, 2, 3, 4, 5]), ...anomalySlangItems(w)];
}
