import { Command } from 'commander';
import { registerUp } from './commands/up.js';
import { registerStudio } from './commands/studio.js';
import { registerAgent } from './commands/agent.js';
import { registerEdge } from './commands/edge.js';
import { registerQuery } from './commands/query.js';
import { registerDetect } from './commands/detect.js';
import { registerDeploy } from './commands/deploy.js';
import { registerBackup } from './commands/backup.js';
import { registerCrm } from './commands/crm.js';
import { registerTrain } from './commands/train.js';
import { cliFailure, oneLine } from './errors.js';
import type { Env } from '../core/env.js';
import { configureLogging, loggingFromEnv } from '../core/logger.js';
import { printWarnings } from './flags.js';

/** The environment, read here once: every command takes its settings from this object. */
const env: Env = process.env;
// One logger per process: levelled, namespaced, on stderr (LOG_LEVEL, LOG_FORMAT).
const logging = { warnings: [] as string[] };
configureLogging(loggingFromEnv(env, logging));
printWarnings(logging);

const program = new Command('homelab')
  .description('Edge-to-team platform: Pi sensor-collectors that decide locally what matters, and agent-bruno, who stores it and answers in plain language.')
  .version('0.1.0')
  // Bad flags: one line on stderr, exit code 2 (cliFailure); commander's multi-line hints are joined.
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(`${oneLine(text)} (see --help)\n`) })
  .addHelpText('after', `
Examples:
  $ homelab up                                   # studio on :8080 + simulated warehouse nodes
  $ homelab agent agent-auditor --port 8081          # one agent alone (no ingest)
  $ homelab query "What's the temperature in the warehouse?"
  $ homelab detect --input series.csv --output scored.csv
  $ homelab crm import hubspot-deals.csv          # a CRM export into agent-mary-kay's CRM
  $ homelab backup --out studio-backup.tar.gz    # while the studio runs; homelab restore FILE
  $ STUDIO_AGENT_URL=http://studio:8080 NODE_NAME=pi-node-1 homelab edge
  $ homelab train --target temperature --range 14d   # detector baseline + forecast, kept by the studio
  $ homelab deploy warehouse-sensors --image sensor-collector:v1.2.0 -e LOCATION=warehouse-b --dry-run`);

registerUp(program, env);
registerStudio(program, env);
registerAgent(program, env);
registerEdge(program, env);
registerQuery(program, env);
registerDetect(program);
registerDeploy(program);
registerBackup(program, env);
registerCrm(program, env);
registerTrain(program, env);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const { line, code, stack } = cliFailure(err, env);
  if (line) console.error(line);
  if (stack) console.error(stack);
  process.exit(code);
}
