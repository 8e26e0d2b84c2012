import { InvalidArgumentError, type Command } from 'commander';
import { flag } from '../flags.js';
import { integerIn, text } from '../../core/settings.js';

/** `-e KEY=VALUE`, repeatable: a bad pair is a bad flag (exit 2), caught before anything is built. */
function envPair(value: string, previous: string[] = []): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*=/.test(value)) throw new InvalidArgumentError('It must be KEY=VALUE with KEY a variable name (letters, digits, _).');
  return [...previous, value];
}

interface DeployOptions { image: string; env: string[]; context: string; namespace: string; replicas: number; everyNode?: boolean; dryRun?: boolean; json?: boolean }

/** `homelab deploy NAME --image IMG`: a workload onto the Pi cluster's edge workers. */
export function registerDeploy(program: Command): void {
  program.command('deploy')
    .description('Deploy a workload to the Pi cluster (edge-worker nodes) through the Kubernetes API; --dry-run prints the manifest.')
    .argument('<name>', 'workload name (DNS label), e.g. warehouse-sensors')
    .requiredOption('-i, --image <image>', 'container image, e.g. sensor-collector:v1.2.0', flag(text(512)))
    .option('-e, --env <KEY=VALUE...>', 'environment variables', envPair, [])
    .option('--context <name>', 'kubeconfig context of the Pi cluster', flag(text(253)), 'pi')
    .option('-n, --namespace <ns>', 'namespace', flag(text(63)), 'iot')
    .option('--replicas <n>', 'pods, 0 to 1000 (ignored with --every-node)', flag(integerIn(0, 1000)), 1)
    .option('--every-node', 'one pod on every edge node (DaemonSet)')
    .option('--dry-run', 'print the manifest, change nothing')
    .option('--json', 'print JSON instead of YAML')
    .action(async (name: string, o: DeployOptions) => {
      // `default`: yaml is CommonJS, and only its default export survives both Node's loader and the esbuild bundle.
      const [{ default: yaml }, { EdgeDeploy }] = await Promise.all([import('yaml'), import('../../sdk/edge-deploy.js')]);
      const env = Object.fromEntries(o.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      const result = await new EdgeDeploy({ cluster: o.context }).apply(
        { name, image: o.image, env, namespace: o.namespace, replicas: o.replicas, ...(o.everyNode ? { everyNode: true } : {}) },
        { dryRun: Boolean(o.dryRun) },
      );
      if (o.dryRun) console.log(o.json ? JSON.stringify(result.manifest, null, 2) : yaml.stringify(result.manifest));
      else console.log(`${String(result.manifest.kind)} ${name} applied to context ${o.context} (HTTP ${result.status})`);
    });
}
