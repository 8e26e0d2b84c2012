import type { CommandHandler } from '../handler.js';
import { modelDeploy } from './model-deploy.js';
import { ping } from './ping.js';
import { readingsQuery } from './readings-query.js';

/**
 * Every command type the collector takes, one handler each (as MQTT.js lists its packet
 * handlers in one place). To add a command: write `handlers/<name>.ts` exporting a
 * `CommandHandler`, and add it here. A type not in this list is answered `unknown_type`.
 */
export const COMMAND_HANDLERS: readonly CommandHandler[] = [
  ping,
  readingsQuery,
  modelDeploy,
];
