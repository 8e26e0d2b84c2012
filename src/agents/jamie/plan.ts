import { edgeManifest } from '../../sdk/edge-deploy.js';

/** One request to the Pi cluster's Kubernetes API, and the kubectl command that does the same. */
export interface KubeStep {
  method: 'GET' | 'PATCH' | 'DELETE';
  path: string;
  contentType?: string;
  body?: unknown;
  kubectl: string;
  /** For a pod restart: the pods are listed first, then each deleted (the controller recreates it). */
  expand?: 'delete_listed_pods';
}

/** What agent-jamie would do: shown first, executed only after an admin approves it. */
export interface OperationPlan {
  operation: 'restart' | 'rollout' | 'scale' | 'inventory';
  summary: string;
  /** Read-only plans (inventory) run at once; the others wait for approval. */
  changes: boolean;
  manifests: Record<string, unknown>[];
  steps: KubeStep[];
}

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const NS = 'iot';
const CTX = 'pi';
const dns = (s: string): string | undefined => (NAME.test(s) ? s : undefined);

/**
 * Reads a plain-language operation on the Pi fleet into a plan, or answers why it cannot:
 * "restart the collector on pi-node-2", "roll out sensor-collector v1.2.0 to warehouse-b",
 * "scale ollama-edge to 0", "what is deployed where?".
 * @example
 * planOperation('scale ollama-edge to 0') // { operation: 'scale', steps: [PATCH …/deployments/ollama-edge/scale], … }
 */
export function planOperation(question: string): OperationPlan | { problem: string } {
  const q = question.trim().toLowerCase().replace(/[?.!]+$/, '');
  let m = /\brestart (?:the )?(collector|sensor-collector|[a-z0-9-]+) on ([a-z0-9-]+)/.exec(q);
  if (m) {
    const app = m[1] === 'collector' ? 'sensor-collector' : m[1]!;
    const node = dns(m[2]!);
    if (!dns(app) || !node) return { problem: `"${m[1]}" or "${m[2]}" is not a Kubernetes name` };
    const selector = `labelSelector=${encodeURIComponent(`app=${app}`)}&fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`;
    return {
      operation: 'restart', changes: true, manifests: [],
      summary: `restart ${app} on ${node}: delete its pod there (the DaemonSet starts a fresh one)`,
      steps: [{ method: 'GET', path: `/api/v1/namespaces/${NS}/pods?${selector}`, kubectl: `kubectl --context ${CTX} -n ${NS} get pods -l app=${app} --field-selector spec.nodeName=${node}` },
        { method: 'DELETE', path: `/api/v1/namespaces/${NS}/pods?${selector}`, expand: 'delete_listed_pods', kubectl: `kubectl --context ${CTX} -n ${NS} delete pod -l app=${app} --field-selector spec.nodeName=${node}` }],
    };
  }
  m = /\broll ?out ([a-z0-9-]+) (v?\d+\.\d+\.\d+[a-z0-9.-]*) to ([a-z0-9-]+)/.exec(q);
  if (m) {
    const [app, version, place] = [m[1]!, m[2]!, m[3]!];
    const name = `${app}-${place}`;
    if (!dns(name)) return { problem: `"${name}" is not a Kubernetes name` };
    const manifest = edgeManifest({ name, image: `${app}:${version}`, env: { LOCATION: place }, everyNode: true });
    const pod = (manifest.spec as { template: { spec: { nodeSelector: Record<string, string> } } }).template.spec;
    pod.nodeSelector['homelab/location'] = place; // only the nodes labelled with that place
    return {
      operation: 'rollout', changes: true, manifests: [manifest],
      summary: `roll out ${app}:${version} to the nodes at ${place} (DaemonSet ${name} on nodes labelled homelab/location=${place})`,
      steps: [{ method: 'PATCH', path: `/apis/apps/v1/namespaces/${NS}/daemonsets/${name}?fieldManager=agent-jamie&force=true`, contentType: 'application/apply-patch+yaml', body: manifest, kubectl: `kubectl --context ${CTX} apply --server-side --field-manager agent-jamie -f ${name}.yaml` }],
    };
  }
  m = /\bscale ([a-z0-9-]+) to (\d{1,3})\b/.exec(q);
  if (m) {
    const [app, replicas] = [m[1]!, Number(m[2])];
    if (!dns(app)) return { problem: `"${app}" is not a Kubernetes name` };
    return {
      operation: 'scale', changes: true, manifests: [],
      summary: `scale the Deployment ${app} to ${replicas} replica${replicas === 1 ? '' : 's'}`,
      steps: [{ method: 'PATCH', path: `/apis/apps/v1/namespaces/${NS}/deployments/${app}/scale`, contentType: 'application/merge-patch+json', body: { spec: { replicas } }, kubectl: `kubectl --context ${CTX} -n ${NS} scale deployment/${app} --replicas=${replicas}` }],
    };
  }
  if (/\b(what|which)\b.*\b(deployed|running|runs)\b|\bdeployed where\b|\binventory\b/.test(q)) {
    return {
      operation: 'inventory', changes: false, manifests: [], summary: 'list what is deployed on the Pi cluster',
      steps: [{ method: 'GET', path: `/apis/apps/v1/namespaces/${NS}/deployments`, kubectl: `kubectl --context ${CTX} -n ${NS} get deployments -o wide` },
        { method: 'GET', path: `/apis/apps/v1/namespaces/${NS}/daemonsets`, kubectl: `kubectl --context ${CTX} -n ${NS} get daemonsets -o wide` }],
    };
  }
  return { problem: 'I can restart a workload on a node ("restart the collector on pi-node-2"), roll out a version to a place ("roll out sensor-collector v1.2.0 to warehouse-b"), scale a Deployment ("scale ollama-edge to 0") and say what is deployed where' };
}
