import type { OperationName } from '../language/plan.js';
import type { Operation } from './operation.js';
import { current } from './current.js';
import { statistics } from './statistics.js';
import { extreme } from './extreme.js';
import { compare } from './compare.js';
import { rank } from './rank.js';
import { trend } from './trend.js';
import { count, list } from './inventory.js';
import { liveness } from './liveness.js';
import { anomalies } from './anomalies.js';
import { why } from './why.js';
import { history } from './history.js';
import { health } from './health.js';
import { alertCreate, alertDelete, alertList, alertUpdate } from './alerts.js';
import { exportReadings } from './export.js';
import { help } from './help.js';

/** Every operation by name: one `{spec, run}` entry each, for the planner and for tool calling. */
export const OPERATIONS: Record<OperationName, Operation> = {
  current, statistics, extreme, compare, rank, trend, count, list, liveness, anomalies, why, history, health,
  alert_create: alertCreate, alert_list: alertList, alert_update: alertUpdate, alert_delete: alertDelete, export: exportReadings, help,
};
