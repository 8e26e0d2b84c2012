import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { flag, printWarnings, setting, writableFile } from '../flags.js';
import { duration, integerIn, numberIn, oneOf, port, text, url } from '../../core/settings.js';
import type { Env } from '../../core/env.js';
import { MODEL_TYPES, modelName, type ModelType } from '../../core/model-artifact.js';

interface TrainFlags { target: string; type: ModelType; range: number; node?: string; location?: string; holdout: number; gpus?: number; url?: string; token?: string; local?: boolean; json?: boolean; out?: string }

const DAY = 86_400_000;

/** `homelab train`: trains models from the studio's data, in the studio (default) or here (`--local`, what the Job runs). */
export function registerTrain(program: Command, env: Env): void {
  program.command('train')
    .description('Train per-series models from the studio\'s stored data: the edge detector\'s baseline (profiles, level and volatility) and a seasonal Holt-Winters forecast, each judged on a held-back tail; the studio keeps the versioned artifact.')
    .requiredOption('-t, --target <kind-or-sensor>', 'what to train: a kind (temperature) or a sensor name; every series of it', flag(text(128)))
    .option('--type <type>', `model type: ${MODEL_TYPES.join(' or ')}`, flag(oneOf(MODEL_TYPES)), 'timeseries_forecast')
    .option('--range <duration>', 'training window before now, 1h to 90d', flag(duration(3_600_000, 90 * DAY)), 14 * DAY)
    .option('--node <name>', 'only this node\'s series', flag(text(128)))
    .option('--location <name>', 'only series at this location', flag(text(128)))
    .option('--holdout <fraction>', 'fraction of each series held back to judge it, 0.05 to 0.45', flag(numberIn(0.05, 0.45)), 0.2)
    .option('--gpus <n>', 'GPUs asked for (recorded with the model; training runs on CPU)', flag(integerIn(0, 64)))
    .option('-u, --url <url>', "the studio's URL (env HOMELAB_URL, default http://localhost:PORT)", flag(url(['http:', 'https:'])))
    .option('--token <token>', 'bearer token with admin scope (env HOMELAB_TOKEN)', flag(text(4096)))
    .option('--local', 'train in this process from the studio\'s API data and upload the artifact (a Job on the forge cluster)')
    .option('--out <file>', 'also write the artifact (with --local) or the model summary as JSON to this file')
    .option('--json', 'print the model summary as JSON')
    .addHelpText('after', '\nExamples:\n  $ homelab train --target temperature --range 14d\n  $ homelab train --target humidity --type detector_baseline --location warehouse-b\n  $ HOMELAB_URL=http://agent-bruno.ai-agents:8080 homelab train --target temperature --local   # what deploy/base/forge/train-job.yaml runs')
    .action(async (opts: TrainFlags) => {
      const report = { warnings: [] as string[] };
      const base = setting(opts.url, env, 'HOMELAB_URL', url(['http:', 'https:']), `http://localhost:${setting(undefined, env, 'PORT', port, 8080, report)}`, report);
      const token = setting(opts.token, env, 'HOMELAB_TOKEN', text(4096), undefined, report);
      const trainer = opts.local ? await import('../../forge/trainer.js') : undefined;
      const limits = trainer?.trainerLimitsFromEnv(env, report);
      printWarnings(report);
      if (opts.out) writableFile('--out', opts.out);
      const client = { url: base, ...(token ? { token } : {}) };
      const { ForgeTraining } = await import('../../sdk/forge-training.js');
      const forge = new ForgeTraining(client);
      const started = Date.now();
      let summary;
      if (opts.local) {
        const { apiTrainingData } = await import('../../forge/api-data.js');
        const to = Date.now();
        const name = modelName(opts.type, opts.target);
        const version = Math.max(0, ...(await forge.list({ name, limit: 1000 })).map((m) => m.version)) + 1;
        const artifact = await trainer!.train(apiTrainingData(client), {
          model_type: opts.type, target: opts.target, from: to - opts.range, to, holdout: opts.holdout,
          ...(opts.node ? { node: opts.node } : {}), ...(opts.location ? { location: opts.location } : {}), ...(opts.gpus !== undefined ? { gpus: opts.gpus } : {}),
        }, version, limits);
        if (opts.out) writeFileSync(opts.out, JSON.stringify(artifact));
        summary = await forge.upload(artifact);
      } else {
        summary = await forge.train({
          target: opts.target, modelType: opts.type, from: Date.now() - opts.range, holdout: opts.holdout,
          ...(opts.node ? { node: opts.node } : {}), ...(opts.location ? { location: opts.location } : {}), ...(opts.gpus !== undefined ? { gpus: opts.gpus } : {}),
        });
        if (opts.out) writeFileSync(opts.out, JSON.stringify(summary));
      }
      if (opts.json) { console.log(JSON.stringify(summary, null, 2)); return; }
      console.log(`${summary.id} (${summary.model_type}, ${summary.series.length} series, ${((Date.now() - started) / 1000).toFixed(1)} s${opts.local ? ', trained here' : ''}); checksum ${summary.checksum}`);
      for (const s of summary.series) {
        const f = s.metrics.forecast;
        const b = s.metrics.baseline;
        console.log(`  ${s.node}/${s.sensor}: ${s.points} rollups` + (f ? `, held-back forecast MAE ${f.mae!.toFixed(3)} ${s.unit} (seasonal-naive ${f.seasonal_naive_mae!.toFixed(3)}), 90 % band ±${f.band90!.toFixed(3)}, coverage ${(100 * f.coverage90!).toFixed(0)} %` : '')
          + (b ? `; held-back alarms warm ${b.alarms_warm} vs cold ${b.alarms_cold}` : ''));
      }
    });
}
