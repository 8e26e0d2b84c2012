import type { Answer, AnswerContext } from '../answer.js';

const EXAMPLES = [
  "What's the temperature in the warehouse?",
  'Show me temperature readings from warehouse sensors in the last 24 hours',
  'Show me sensor anomalies',
  'Are there any unhealthy Pi nodes?',
  'List all Pi nodes and their health status',
  'Why is pi-node-3 under high load?',
];

/** A question it cannot place: say so, and say what it can answer — never guess. */
export async function answerHelp(ctx: AnswerContext): Promise<Answer> {
  const catalog = await ctx.store.catalog();
  return {
    response: [
      "I'm not sure what you're asking. I can answer questions about current values, readings over a time window, anomalies and node health, for example:",
      ...EXAMPLES.map((e) => `- ${e}`),
      `Known nodes: ${catalog.nodes.join(', ') || 'none yet'}. Locations: ${catalog.locations.join(', ') || 'none yet'}. Sensor kinds: ${catalog.kinds.join(', ') || 'none yet'}.`,
    ].join('\n'),
    data: { examples: EXAMPLES, nodes: catalog.nodes, locations: catalog.locations, kinds: catalog.kinds },
  };
}
