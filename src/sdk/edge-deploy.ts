import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { InvalidInput } from '../core/errors.js';
import { HomelabError } from './errors.js';
import { Agent } from './agent.js';
import type { ClientOptions, QueryResponse } from './types.js';
import { loadClusterAccess, type ClusterAccess } from './kubeconfig.js';

export interface EdgeWorkload {
  name: string;
  image: string;
  env?: Record<string, string>;
  namespace?: string;
  replicas?: number;
  /** Run on every edge node (DaemonSet) instead of `replicas` pods (Deployment). */
  everyNode?: boolean;
  cpu?: string;
  memory?: string;
}

export interface EdgeDeployOptions {
  /** kubeconfig context of the Pi cluster (the seed: `pi`). */
  cluster?: string;
  /** Resolved access instead of reading a kubeconfig (tests, in-cluster use). */
  access?: ClusterAccess;
  /** agent-bruno, for `queryAgent`. */
  agent?: ClientOptions;
}

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Builds the manifest of an edge workload: non-root, read-only root, resource requests and limits,
 * scheduled on `role: edge-worker` nodes, arm64.
 * @example
 * edgeManifest({ name: 'warehouse-sensors', image: 'sensor-collector:v1.2.0', env: { LOCATION: 'warehouse-b' } })
 */
export function edgeManifest(w: EdgeWorkload): Record<string, unknown> {
  if (!NAME.test(w.name)) throw new InvalidInput(`name "${w.name}" must be a DNS label (lowercase letters, digits, '-')`, { field: 'name' });
  if (!w.image) throw new InvalidInput('image is required', { field: 'image' });
  const labels = { app: w.name, 'app.kubernetes.io/managed-by': 'homelab' };
  const pod = {
    metadata: { labels },
    spec: {
      nodeSelector: { role: 'edge-worker', 'kubernetes.io/arch': 'arm64' },
      tolerations: [{ key: 'role', operator: 'Equal', value: 'edge-worker', effect: 'NoSchedule' }],
      securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: w.name, image: w.image,
        env: Object.entries(w.env ?? {}).map(([name, value]) => ({ name, value })),
        resources: { requests: { cpu: w.cpu ?? '100m', memory: w.memory ?? '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      }],
    },
  };
  const kind = w.everyNode ? 'DaemonSet' : 'Deployment';
  return {
    apiVersion: 'apps/v1', kind, metadata: { name: w.name, namespace: w.namespace ?? 'iot', labels },
    spec: { selector: { matchLabels: { app: w.name } }, ...(w.everyNode ? {} : { replicas: w.replicas ?? 1 }), template: pod },
  };
}

/**
 * Deploys workloads to the Pi cluster through the Kubernetes API (server-side apply), as the
 * seed's `EdgeDeploy`. `dryRun` returns the manifest without touching the cluster.
 * @example
 * const deploy = new EdgeDeploy({ cluster: 'pi' });
 * await deploy.apply({ name: 'warehouse-sensors', image: 'sensor-collector:v1.2.0', env: { LOCATION: 'warehouse-b', REPORT_TO: 'agent-bruno' } });
 * const data = await deploy.queryAgent('Show me warehouse-b sensor status');
 */
export class EdgeDeploy {
  constructor(private readonly options: EdgeDeployOptions = {}) {}

  async apply(w: EdgeWorkload, opts: { dryRun?: boolean } = {}): Promise<{ manifest: Record<string, unknown>; applied: boolean; status?: number }> {
    const manifest = edgeManifest(w);
    if (opts.dryRun) return { manifest, applied: false };
    const access = this.options.access ?? loadClusterAccess(this.options.cluster ?? 'pi');
    const meta = manifest.metadata as { name: string; namespace: string };
    const plural = manifest.kind === 'DaemonSet' ? 'daemonsets' : 'deployments';
    const path = `/apis/apps/v1/namespaces/${meta.namespace}/${plural}/${meta.name}?fieldManager=homelab&force=true`;
    const res = await kubeRequest(access, 'PATCH', path, JSON.stringify(manifest), 'application/apply-patch+yaml');
    if (res.status >= 300) throw new HomelabError(res.status, `the Pi cluster refused ${manifest.kind} ${meta.name}: ${res.body.slice(0, 300)}`, 'manifest', 'kubernetes');
    return { manifest, applied: true, status: res.status };
  }

  /** Asks agent-bruno about the deployment (the seed's `query_agent`). */
  async queryAgent(question: string): Promise<QueryResponse> {
    return new Agent('agent-bruno', this.options.agent).query(question);
  }
}

/**
 * One request to a cluster's Kubernetes API with the access a kubeconfig context gives (token,
 * client certificate, CA); answers the status and body, rejects (503) when the API is unreachable.
 * @example
 * await kubeRequest(loadClusterAccess('pi'), 'GET', '/apis/apps/v1/namespaces/iot/deployments', '', 'application/json')
 */
export function kubeRequest(a: ClusterAccess, method: string, path: string, body: string, contentType: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, a.server);
  const req = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const r = req(url, {
      method,
      headers: { 'content-type': contentType, accept: 'application/json', ...(a.token ? { authorization: `Bearer ${a.token}` } : {}) },
      ...(a.ca ? { ca: a.ca } : {}), ...(a.cert ? { cert: a.cert } : {}), ...(a.key ? { key: a.key } : {}),
      ...(a.insecure ? { rejectUnauthorized: false } : {}), timeout: 15_000,
    }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    r.on('timeout', () => r.destroy(new Error('the Kubernetes API did not answer within 15 s')));
    r.on('error', (err) => reject(new HomelabError(503, `cannot reach the Pi cluster at ${a.server}: ${err.message}`, 'cluster', 'unreachable', { cause: err })));
    r.end(body);
  });
}
