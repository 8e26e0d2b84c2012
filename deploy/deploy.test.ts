import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Service } from 'kubernetes-models/v1/Service';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { spawnSync } from 'node:child_process';
import { containers, hasKubectl, kustomize, type K8sObject } from './manifests.js';
import { AGENT_NAMES, AGENT_SUBSCRIPTIONS } from '../src/agents/catalog.js';

const kubectl = hasKubectl();
const skip = kubectl ? false : process.env.CI === 'true' ? false : 'kubectl is not installed here';
const root = new URL('..', import.meta.url).pathname;
const OVERLAYS = ['deploy/studio/overlays/dev', 'deploy/studio/overlays/production', 'deploy/pi/overlays/production', 'deploy/forge/base'];

/** Core types through the Kubernetes schemas; the rest through small schemas of their required fields. */
const CORE: Record<string, new (o: never) => { validate(): void }> = { Deployment, DaemonSet, Service, ConfigMap, Namespace, Secret, NetworkPolicy, PodDisruptionBudget, Job };
const meta = z.object({ name: z.string().min(1) });
const CUSTOM: Record<string, z.ZodType> = {
  'serving.knative.dev/v1/Service': z.object({ metadata: meta, spec: z.object({ template: z.object({ spec: z.object({ containers: z.array(z.object({ image: z.string().min(1) })).min(1) }) }) }) }),
  'eventing.knative.dev/v1/Broker': z.object({ metadata: meta.extend({ annotations: z.object({ 'eventing.knative.dev/broker.class': z.literal('RabbitMQBroker') }) }) }),
  'eventing.knative.dev/v1/Trigger': z.object({ metadata: meta, spec: z.object({ broker: z.string(), filter: z.object({ attributes: z.object({ type: z.string() }) }), subscriber: z.object({ ref: z.object({ name: z.string() }) }) }) }),
  'sources.knative.dev/v1/PingSource': z.object({ metadata: meta, spec: z.object({ schedule: z.string().regex(/^\S+ \S+ \S+ \S+ \S+$/), sink: z.object({ ref: z.object({ kind: z.string(), name: z.string() }) }) }) }),
  'eventing.knative.dev/v1alpha1/RabbitmqBrokerConfig': z.object({ metadata: meta, spec: z.object({ rabbitmqClusterReference: z.object({ name: z.string() }) }) }),
  'monitoring.coreos.com/v1/ServiceMonitor': z.object({ metadata: meta, spec: z.object({ selector: z.object({}), endpoints: z.array(z.object({})).min(1) }) }),
  'monitoring.coreos.com/v1/PrometheusRule': z.object({ metadata: meta, spec: z.object({ groups: z.array(z.object({ name: z.string(), rules: z.array(z.object({ alert: z.string(), expr: z.string() })).min(1) })).min(1) }) }),
  'velero.io/v1/Schedule': z.object({ metadata: meta.extend({ namespace: z.literal('velero') }), spec: z.object({ schedule: z.string().regex(/^\S+ \S+ \S+ \S+ \S+$/), template: z.object({ includedNamespaces: z.array(z.string()).min(1), ttl: z.string() }) }) }),
  'external-secrets.io/v1beta1/ExternalSecret': z.object({ metadata: meta, spec: z.object({ secretStoreRef: z.object({ name: z.string() }), target: z.object({ name: z.string() }) }) }),
};

describe('deploy/: every overlay builds and every object validates', { skip }, () => {
  for (const overlay of OVERLAYS) {
    test(overlay, () => {
      const objects = kustomize(`${root}${overlay}`);
      // The forge base is one Job with its namespace, token and network policies.
      assert.ok(objects.length > (overlay === 'deploy/forge/base' ? 4 : 5));
      for (const o of objects) {
        const Core = o.apiVersion.includes('/') && !['apps/v1', 'networking.k8s.io/v1', 'policy/v1', 'batch/v1'].includes(o.apiVersion) ? undefined : CORE[o.kind];
        const custom = CUSTOM[`${o.apiVersion}/${o.kind}`];
        assert.ok(Core || custom, `no schema for ${o.apiVersion} ${o.kind}`);
        // kustomize wraps long base64 values over lines; Kubernetes' decoder ignores the newlines
        if (o.kind === 'Secret' && o.data) o.data = Object.fromEntries(Object.entries(o.data as Record<string, string>).map(([k, v]) => [k, v.replace(/\s/g, '')]));
        if (Core) new Core(o as never).validate();
        else custom!.parse(o);
      }
    });
  }
});

describe('deploy/: what matters', { skip }, () => {
  const studio = kubectl ? kustomize(`${root}deploy/studio/overlays/production`) : [];
  const pi = kubectl ? kustomize(`${root}deploy/pi/overlays/production`) : [];
  const ksvcs = studio.filter((o) => o.kind === 'Service' && o.apiVersion.startsWith('serving.knative.dev'));

  test('agents scale to zero with a 60 s window, run non-root, read-only, with probes and resources', () => {
    assert.deepEqual(ksvcs.map((k) => k.metadata.name).sort(), [...AGENT_NAMES, 'event-dead-letters'].sort());
    for (const k of ksvcs) {
      const tmpl = k.spec!.template as { metadata: { annotations: Record<string, string> }; spec: { securityContext: { runAsNonRoot: boolean } } };
      assert.equal(tmpl.metadata.annotations['autoscaling.knative.dev/min-scale'], '0', k.metadata.name);
      assert.equal(tmpl.metadata.annotations['autoscaling.knative.dev/window'], '60s', k.metadata.name);
      assert.equal(tmpl.spec.securityContext.runAsNonRoot, true);
      for (const c of containers(k) as { readinessProbe?: unknown; livenessProbe?: unknown; resources?: { requests?: unknown; limits?: unknown }; securityContext?: { readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } } }[]) {
        assert.ok(c.readinessProbe && c.livenessProbe, `${k.metadata.name} probes`);
        assert.ok(c.resources?.requests && c.resources.limits, `${k.metadata.name} resources`);
        assert.equal(c.securityContext?.readOnlyRootFilesystem, true);
        assert.deepEqual(c.securityContext?.capabilities?.drop, ['ALL']);
      }
    }
    const bruno = ksvcs.find((k) => k.metadata.name === 'agent-bruno')!;
    const spread = (bruno.spec!.template as { spec: { topologySpreadConstraints: { topologyKey: string }[] } }).spec.topologySpreadConstraints;
    assert.equal(spread[0]?.topologyKey, 'topology.kubernetes.io/zone');
    assert.equal((bruno.spec!.template as { metadata: { annotations: Record<string, string> } }).metadata.annotations['autoscaling.knative.dev/max-scale'], '10', 'production overlay patch applied');
  });

  test('Triggers cover every edge event type, with retry and a dead-letter sink', () => {
    const triggers = studio.filter((o) => o.kind === 'Trigger') as (K8sObject & { spec: { filter: { attributes: { type: string } }; delivery: { backoffPolicy: string; deadLetterSink: unknown } } })[];
    const types = new Set(triggers.map((t) => t.spec.filter.attributes.type));
    for (const t of ['io.homelab.edge.reading', 'io.homelab.edge.health', 'io.homelab.edge.anomaly', 'io.homelab.edge.aggregate']) assert.ok(types.has(t), t);
    for (const t of triggers) assert.ok(t.spec.delivery.backoffPolicy === 'exponential' && t.spec.delivery.deadLetterSink);
  });

  test('one Knative Service per implemented agent, each running its own agent; its Triggers are exactly its subscriptions', () => {
    const agents = ksvcs.filter((k) => k.metadata.name !== 'event-dead-letters');
    const dead = containers(ksvcs.find((k) => k.metadata.name === 'event-dead-letters')!)[0] as { env: { name: string; value?: string }[] };
    assert.equal(dead.env.find((e) => e.name === 'AGENTS')?.value, 'agent-bruno', 'the dead-letter sink runs no other agent (a dead-lettered alert would be reported again)');
    assert.deepEqual(agents.map((k) => k.metadata.name).sort(), [...AGENT_NAMES].sort());
    const triggers = studio.filter((o) => o.kind === 'Trigger') as (K8sObject & { spec: { filter: { attributes: { type: string } }; subscriber: { ref: { name: string }; uri: string } } })[];
    for (const k of agents) {
      const name = k.metadata.name;
      const c = containers(k)[0] as { args: string[]; env: { name: string; value?: string }[] };
      const env = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
      if (name === 'agent-bruno') {
        assert.deepEqual(c.args, ['studio']);
        assert.equal(env.AGENTS, 'agent-bruno', 'the others are their own Services');
        assert.match(String(env.EVENT_SINK_URL), /broker-ingress.*\/ai-agents\/homelab$/, 'webhooks go to the Broker');
        continue;
      }
      assert.deepEqual(c.args, ['agent', name]);
      assert.equal(env.HOMELAB_ROLE, 'agent', `${name} owns no ingest`);
      const mine = triggers.filter((t) => t.spec.subscriber.ref.name === name);
      assert.deepEqual(mine.map((t) => t.spec.filter.attributes.type).sort(), [...AGENT_SUBSCRIPTIONS[name]!].sort(), `${name}'s Triggers`);
      assert.ok(mine.every((t) => t.spec.subscriber.uri === '/events'));
    }
  });

  test('default-deny network policies in both namespaces; PDBs; monitoring rules on the edge metrics', () => {
    for (const objs of [studio, pi]) {
      const deny = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny') as { spec: { podSelector: object; policyTypes: string[] } } | undefined;
      assert.ok(deny);
      assert.deepEqual(deny.spec.podSelector, {});
      assert.deepEqual(deny.spec.policyTypes, ['Ingress', 'Egress']);
    }
    assert.ok(studio.some((o) => o.kind === 'PodDisruptionBudget'));
    const rules = JSON.stringify(studio.find((o) => o.kind === 'PrometheusRule'));
    for (const m of ['homelab_edge_outbox_depth', 'homelab_edge_outbox_oldest_age_seconds', 'homelab_edge_outbox_dropped_total', 'homelab_ingest_rejections_total']) assert.ok(rules.includes(m), m);
  });

  test('production backs the studio up daily with Velero (its namespace, kept 30 days)', () => {
    const schedule = studio.find((o) => o.kind === 'Schedule') as { metadata: { namespace: string }; spec: { schedule: string; template: { includedNamespaces: string[]; ttl: string } } } | undefined;
    assert.ok(schedule, 'a velero.io Schedule');
    assert.equal(schedule.metadata.namespace, 'velero');
    assert.match(schedule.spec.schedule, /^\d+ \d+ \* \* \*$/, 'once a day');
    assert.deepEqual(schedule.spec.template.includedNamespaces, ['ai-agents']);
    assert.equal(schedule.spec.template.ttl, '720h0m0s');
  });

  test('the forge Job runs homelab train --local against agent-bruno with a token from a secret, non-root, bounded; every flag it passes is one the CLI knows', () => {
    const forge = kustomize(`${root}deploy/forge/base`);
    const job = forge.find((o) => o.kind === 'Job')!;
    assert.equal(job.metadata.namespace, 'forge');
    const spec = job.spec as { activeDeadlineSeconds: number; backoffLimit: number; template: { spec: { restartPolicy: string; securityContext: { runAsNonRoot: boolean } } } };
    assert.ok(spec.activeDeadlineSeconds > 0 && spec.backoffLimit <= 3 && spec.template.spec.restartPolicy === 'Never' && spec.template.spec.securityContext.runAsNonRoot);
    const c = containers(job)[0] as { args: string[]; env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }[]; securityContext: { readOnlyRootFilesystem: boolean } };
    assert.deepEqual(c.args.slice(0, 1), ['train']);
    assert.ok(c.args.includes('--local') && c.securityContext.readOnlyRootFilesystem);
    const env = Object.fromEntries(c.env.map((e) => [e.name, e.value ?? e.valueFrom?.secretKeyRef?.name]));
    assert.match(String(env.HOMELAB_URL), /^http:\/\/agent-bruno\./);
    assert.equal(env.HOMELAB_TOKEN, 'homelab-train-token');
    const help = spawnSync(process.execPath, [`${root}bin/homelab.mjs`, 'train', '--help'], { encoding: 'utf8' }).stdout;
    for (const f of c.args.filter((a) => a.startsWith('--'))) assert.ok(help.includes(f), `homelab train has no ${f}`);
  });

  test('the sensor-collector DaemonSet is the seed\'s: env, 100m/128Mi, host /proc and /sys read-only, data volume', () => {
    const ds = pi.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'sensor-collector')!;
    assert.equal(ds.metadata.namespace, 'iot');
    const c = containers(ds)[0] as { env: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[]; resources: { requests: Record<string, string> }; volumeMounts: { name: string; readOnly?: boolean }[] };
    const env = Object.fromEntries(c.env.map((e) => [e.name, e.value ?? e.valueFrom?.fieldRef?.fieldPath]));
    assert.equal(env.REPORT_INTERVAL, '60');
    assert.match(String(env.STUDIO_AGENT_URL), /agent-bruno/);
    assert.equal(env.NODE_NAME, 'spec.nodeName');
    assert.deepEqual(c.resources.requests, { cpu: '100m', memory: '128Mi' });
    assert.ok(c.volumeMounts.find((v) => v.name === 'host-sys')?.readOnly && c.volumeMounts.find((v) => v.name === 'host-proc')?.readOnly);
    assert.ok(c.volumeMounts.some((v) => v.name === 'data'));
    const ollama = pi.find((o) => o.metadata.name === 'ollama-edge' && o.kind === 'Deployment')!;
    assert.deepEqual((ollama.spec!.template as { spec: { nodeSelector: Record<string, string> } }).spec.nodeSelector, { role: 'edge-worker' });
  });
});

test('Kind config: six nodes with the seed\'s roles and zones, pod network 10.245.0.0/16', () => {
  const kind = parse(readFileSync(new URL('./kind/studio-cluster.yaml', import.meta.url), 'utf8')) as { networking: { podSubnet: string }; nodes: { role: string; labels: Record<string, string> }[] };
  assert.equal(kind.networking.podSubnet, '10.245.0.0/16');
  assert.deepEqual(kind.nodes.map((n) => n.labels.role), ['control-plane', 'platform', 'ai-agents', 'observability', 'data', 'serverless']);
  assert.deepEqual(kind.nodes.slice(1).map((n) => n.labels['topology.kubernetes.io/zone']), ['us-east-1a', 'us-east-1b', 'us-east-1a', 'us-east-1b', 'us-east-1c']);
  const k3s = parse(readFileSync(new URL('./k3s/server-config.yaml', import.meta.url), 'utf8')) as { 'cluster-cidr': string; disable: string[] };
  assert.equal(k3s['cluster-cidr'], '10.247.0.0/16');
  assert.deepEqual(k3s.disable, ['traefik', 'servicelb']);
});

test('Dockerfile: multi-stage, pinned base, non-root, entrypoint is the CLI', () => {
  const text = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
  const args = Object.fromEntries([...text.matchAll(/^ARG (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  // A base given as a build argument is judged by its default.
  const froms = [...text.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!.replace(/^\$\{(\w+)\}$/, (_all, name: string) => args[name] ?? name));
  assert.ok(froms.length >= 2, 'multi-stage');
  for (const f of froms) assert.doesNotMatch(f, /:latest$|^[^:]+$/, `${f} is pinned`);
  assert.match(text, /^USER 10001/m);
  assert.match(text, /^ENTRYPOINT \["node", "bin\/homelab.mjs"\]/m);
});
