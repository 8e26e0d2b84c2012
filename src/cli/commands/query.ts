import type { Command } from 'commander';

/** `homelab query "…"`: asks agent-bruno and prints the answer. */
export function registerQuery(program: Command): void {
  program.command('query')
    .description('Ask agent-bruno a question in plain language and print the answer.')
    .argument('<question...>', 'the question, e.g. "Are there any unhealthy Pi nodes?"')
    .option('-u, --url <url>', "agent-bruno's URL (env HOMELAB_URL)", process.env.HOMELAB_URL ?? `http://localhost:${process.env.PORT ?? 8080}`)
    .option('--token <token>', 'bearer token with read scope (env HOMELAB_TOKEN)', process.env.HOMELAB_TOKEN)
    .option('--json', 'print the whole JSON answer (query, response, intent, data, cold_start, latency_ms)')
    .addHelpText('after', '\nExamples:\n  $ homelab query "What\'s the temperature in the warehouse?"\n  $ homelab query --json "List all Pi nodes and their health status" | jq .data')
    .action(async (words: string[], opts: { url: string; token?: string; json?: boolean }) => {
      const { Agent } = await import('../../sdk/agent.js');
      const agent = new Agent('agent-bruno', { url: opts.url, ...(opts.token ? { token: opts.token } : {}) });
      try {
        const answer = await agent.query(words.join(' '));
        console.log(opts.json ? JSON.stringify(answer, null, 2) : answer.response);
      } catch (err) {
        console.error(`error: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
