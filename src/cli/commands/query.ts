import type { Command } from 'commander';
import { flag, printWarnings, setting } from '../flags.js';
import { port, text, url } from '../../core/settings.js';
import type { Env } from '../../core/env.js';
import { InvalidInput } from '../../core/errors.js';

/** `homelab query "…"`: asks agent-bruno and prints the answer. */
export function registerQuery(program: Command, env: Env): void {
  program.command('query')
    .description('Ask agent-bruno a question in plain language and print the answer.')
    .argument('<question...>', 'the question, e.g. "Are there any unhealthy Pi nodes?"')
    .option('-u, --url <url>', "agent-bruno's URL (env HOMELAB_URL, default http://localhost:PORT)", flag(url(['http:', 'https:'])))
    .option('--token <token>', 'bearer token with read scope (env HOMELAB_TOKEN)', flag(text(4096)))
    .option('--json', 'print the whole JSON answer (query, response, intent, data, cold_start, latency_ms)')
    .addHelpText('after', '\nExamples:\n  $ homelab query "What\'s the temperature in the warehouse?"\n  $ homelab query --json "List all Pi nodes and their health status" | jq .data')
    .action(async (words: string[], opts: { url?: string; token?: string; json?: boolean }) => {
      const report = { warnings: [] as string[] };
      const base = setting(opts.url, env, 'HOMELAB_URL', url(['http:', 'https:']), `http://localhost:${setting(undefined, env, 'PORT', port, 8080, report)}`, report);
      const token = setting(opts.token, env, 'HOMELAB_TOKEN', text(4096), undefined, report);
      printWarnings(report);
      const question = words.join(' ').trim();
      if (!question) throw new InvalidInput('the question is empty: homelab query "What is the temperature in the warehouse?"', { field: 'question' });
      const { Agent } = await import('../../sdk/agent.js');
      const agent = new Agent('agent-bruno', { url: base, ...(token ? { token } : {}) });
      try {
        const answer = await agent.query(question);
        console.log(opts.json ? JSON.stringify(answer, null, 2) : answer.response);
      } catch (err) {
        console.error(`error: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
