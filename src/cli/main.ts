import { Command } from 'commander';
import { registerUp } from './commands/up.js';
import { registerStudio } from './commands/studio.js';
import { registerEdge } from './commands/edge.js';
import { registerQuery } from './commands/query.js';
import { registerDetect } from './commands/detect.js';
import { registerDeploy } from './commands/deploy.js';

const program = new Command('homelab')
  .description('Edge-to-team platform: Pi sensor-collectors that decide locally what matters, and agent-bruno, who stores it and answers in plain language.')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', `
Examples:
  $ homelab up                                   # studio on :8080 + simulated warehouse nodes
  $ homelab query "What's the temperature in the warehouse?"
  $ homelab detect --input series.csv --output scored.csv
  $ STUDIO_AGENT_URL=http://studio:8080 NODE_NAME=pi-node-1 homelab edge
  $ homelab deploy warehouse-sensors --image sensor-collector:v1.2.0 -e LOCATION=warehouse-b --dry-run`);

registerUp(program);
registerStudio(program);
registerEdge(program);
registerQuery(program);
registerDetect(program);
registerDeploy(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Errors that say what to do are printed as such; anything else keeps its stack for a bug report.
  const e = err as Error & { status?: number };
  console.error(e.name === 'HomelabError' ? `error: ${e.message}` : e);
  process.exit(1);
}
