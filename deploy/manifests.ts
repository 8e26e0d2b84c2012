import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** True when `kubectl` can be run here. */
export function hasKubectl(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
}

/**
 * Builds an overlay with `kubectl kustomize` and parses the objects.
 * @example
 * const objects = kustomize('deploy/studio/overlays/dev');
 */
export function kustomize(dir: string): K8sObject[] {
  const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJSON() as K8sObject).filter(Boolean);
}

/** Every container of a pod-bearing object (Deployment, DaemonSet, Knative Service). */
export function containers(o: K8sObject): Record<string, unknown>[] {
  const tmpl = (o.spec?.template ?? {}) as { spec?: { containers?: Record<string, unknown>[] } };
  return tmpl.spec?.containers ?? [];
}
