import type { Command } from 'commander';
import { readableFile, writableFile } from '../flags.js';

/** `homelab detect`: the node's detector over a CSV, row for row. */
export function registerDetect(program: Command): void {
  program.command('detect')
    .description('Run the edge detector, exactly as it runs on a node, over a CSV with header timestamp,value; writes timestamp,value,anomaly_score (score in [0, 1], one row per input row).')
    .requiredOption('-i, --input <file>', 'input CSV (header timestamp,value; rows in time order)')
    .option('-o, --output <file>', 'output CSV (default: standard output)')
    .action(async (opts: { input: string; output?: string }) => {
      // Checked before reading a row, so a wrong path is one line (exit 2), not an error from a stream.
      readableFile('--input', opts.input);
      if (opts.output) writableFile('--output', opts.output);
      const { detectCsv } = await import('../../edge/detect/index.js');
      await detectCsv(opts.input, opts.output);
    });
}
