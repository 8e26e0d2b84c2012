import { randomUUID } from 'node:crypto';
import type { Agent, AgentAnswer } from '../../core/agent.js';
import type { StudioDomain } from '../../studio/agent-host.js';
import type { ActionRecord } from '../../studio/agent-state/agent-state.js';
import { kubeRequest } from '../../sdk/edge-deploy.js';
import type { ClusterAccess } from '../../sdk/kubeconfig.js';
import type { Capability } from '../runtime/capability.js';
import type { AgentDefinition } from '../runtime/definition.js';
import { AgentRuntime } from '../runtime/runtime.js';
import { planOperation, type KubeStep, type OperationPlan } from './plan.js';

export const JAMIE_NAME = 'agent-jamie';

export interface JamieSettings {
  /** The Pi cluster's API (`JAMIE_KUBE_URL` + `JAMIE_KUBE_TOKEN`, else the kubeconfig context `JAMIE_KUBE_CONTEXT`, default pi); resolved when first needed. */
  access: () => ClusterAccess;
  /** `JAMIE_DRY_RUN` (default on): approved actions go to the API with `dryRun=All` (validated, nothing persisted). */
  dryRun: boolean;
}

interface Ctx { scopes: readonly string[]; now: number }

const MAX_PODS = 20;

/**
 * agent-jamie: DevOps automation on the Pi fleet. A plain-language operation becomes a plan (the
 * manifests and the kubectl-equivalent steps), shown and logged; it is executed only when an admin
 * approves it (`POST /api/v1/agents/agent-jamie/actions/{id}/approve`, or "approve {id}" with an
 * admin token), against the API with `dryRun=All` unless `JAMIE_DRY_RUN=0`. Every plan, refusal
 * and execution is in the audit log (`GET /api/v1/agents/agent-jamie/actions`). "What is deployed
 * where?" only reads, so it runs at once.
 * @example
 * const jamie = jamieAgent(domain, { access: () => loadClusterAccess('pi'), dryRun: true });
 */
export function jamieAgent(domain: StudioDomain, settings: JamieSettings): Agent & { approve(id: string, by: { scopes: readonly string[]; who?: string }): Promise<AgentAnswer> } {
  const state = domain.state;
  const save = (r: ActionRecord) => state.saveAction(r);

  const send = async (step: Pick<KubeStep, 'method' | 'path' | 'contentType' | 'body'>, dryRun: boolean) => {
    const path = dryRun && step.method !== 'GET' ? `${step.path}${step.path.includes('?') ? '&' : '?'}dryRun=All` : step.path;
    const r = await kubeRequest(settings.access(), step.method, path, step.body === undefined ? '' : JSON.stringify(step.body), step.contentType ?? 'application/json');
    let body: unknown = r.body;
    try { body = JSON.parse(r.body); } catch { /* kept as text */ }
    return { method: step.method, path, status: r.status, body };
  };

  /** Runs a plan's steps in order, stopping at the first refusal; a pod restart lists the pods, then deletes each. */
  const execute = async (plan: OperationPlan, dryRun: boolean) => {
    const results: { kubectl: string; method: string; path: string; status: number; note?: string }[] = [];
    for (const step of plan.steps) {
      if (step.expand === 'delete_listed_pods') {
        const listed = await send({ method: 'GET', path: step.path }, false);
        const pods = ((listed.body as { items?: { metadata?: { name?: string } }[] }).items ?? []).map((p) => p.metadata?.name).filter((n): n is string => Boolean(n)).slice(0, MAX_PODS);
        if (pods.length === 0) return { ok: false, results: [...results, { kubectl: step.kubectl, method: 'DELETE', path: step.path, status: 404, note: 'no pod matched' }] };
        for (const pod of pods) {
          const r = await send({ method: 'DELETE', path: `${step.path.split('?')[0]}/${encodeURIComponent(pod)}` }, dryRun);
          results.push({ kubectl: step.kubectl, method: r.method, path: r.path, status: r.status, note: pod });
          if (r.status >= 300) return { ok: false, results };
        }
        continue;
      }
      const r = await send(step, dryRun);
      results.push({ kubectl: step.kubectl, method: r.method, path: r.path, status: r.status });
      if (r.status >= 300) return { ok: false, results };
    }
    return { ok: true, results };
  };

  const inventory = async () => {
    const deployments = await send({ method: 'GET', path: '/apis/apps/v1/namespaces/iot/deployments' }, false);
    const daemonsets = await send({ method: 'GET', path: '/apis/apps/v1/namespaces/iot/daemonsets' }, false);
    type Item = { metadata?: { name?: string }; spec?: { replicas?: number; template?: { spec?: { containers?: { image?: string }[]; nodeSelector?: Record<string, string> } } }; status?: { readyReplicas?: number; numberReady?: number; desiredNumberScheduled?: number } };
    const rows = (kind: string, r: { status: number; body: unknown }) => (r.status < 300 ? ((r.body as { items?: Item[] }).items ?? []) : []).map((i) => ({
      kind, name: i.metadata?.name ?? '?', images: (i.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '?'),
      where: i.spec?.template?.spec?.nodeSelector ?? {}, replicas: kind === 'Deployment' ? i.spec?.replicas ?? null : i.status?.desiredNumberScheduled ?? null,
      ready: kind === 'Deployment' ? i.status?.readyReplicas ?? 0 : i.status?.numberReady ?? 0,
    }));
    if (deployments.status >= 300 || daemonsets.status >= 300) throw new Error(`the Pi cluster answered ${deployments.status}/${daemonsets.status}`);
    return [...rows('Deployment', deployments), ...rows('DaemonSet', daemonsets)];
  };

  const approve = async (id: string, by: { scopes: readonly string[]; who?: string }): Promise<AgentAnswer> => {
    const query = `approve ${id}`;
    const record = await state.action(JAMIE_NAME, id);
    if (!record) return { query, intent: 'approve', status: 404, response: `No action ${id}; GET /api/v1/agents/agent-jamie/actions lists them.`, data: {} };
    const now = domain.clock();
    const refusals = (record.detail.refusals as unknown[] | undefined) ?? [];
    if (!by.scopes.includes('admin')) {
      await save({ ...record, updated_at: now, detail: { ...record.detail, refusals: [...refusals, { at: now, reason: 'approval needs the admin scope', scopes: [...by.scopes] }] } });
      return { query, intent: 'approve', status: 403, response: `Not executed: approving needs the "admin" scope; this token has ${by.scopes.join(', ') || 'no scope'}. The refusal is in the audit log.`, data: { id, state: record.state } };
    }
    if (record.state !== 'planned') return { query, intent: 'approve', status: 409, response: `Action ${id} is already ${record.state}; nothing was done again.`, data: { id, state: record.state } };
    const plan = record.detail.plan as OperationPlan;
    // Claimed before executing, so two approvals at once (two replicas) execute it once.
    if (!(await state.claim(`jamie:execute:${id}`, now, now - 30 * 86_400_000))) return { query, intent: 'approve', status: 409, response: `Action ${id} is being executed already.`, data: { id } };
    let outcome: Awaited<ReturnType<typeof execute>>;
    try {
      outcome = await execute(plan, settings.dryRun);
    } catch (err) {
      outcome = { ok: false, results: [{ kubectl: '', method: '', path: '', status: 0, note: (err as Error).message }] };
    }
    const done = { ...record, state: outcome.ok ? 'executed' as const : 'failed' as const, updated_at: domain.clock(), detail: { ...record.detail, approved_by: by.who ?? 'an admin token', approved_at: now, dry_run: settings.dryRun, results: outcome.results } };
    await save(done);
    const how = settings.dryRun ? ' as a dry run (dryRun=All: the API validated it and persisted nothing; JAMIE_DRY_RUN=0 makes it real)' : '';
    return {
      query, intent: 'approve', response: outcome.ok ? `Executed ${id}${how}: ${plan.summary}. ${outcome.results.map((r) => `${r.method} ${r.status}`).join(', ')}.` : `Failed ${id}: ${outcome.results.map((r) => `${r.method} ${r.path} → ${r.status}${r.note ? ` (${r.note})` : ''}`).join('; ')}.`,
      data: { id, state: done.state, dry_run: settings.dryRun, results: outcome.results },
    };
  };

  const capabilities: Capability<Ctx>[] = [
    { spec: { name: 'plan_operation', description: 'Reads an operation on the Pi fleet (restart a workload on a node, roll out a version to a place, scale a Deployment) into a plan; the plan is logged and waits for an admin\'s approval.', scope: 'read', parameters: { type: 'object', properties: { request: { type: 'string' } }, required: ['request'] } },
      run: async (a, ctx) => {
        const plan = planOperation(String(a.request ?? ''));
        if ('problem' in plan) return { error: plan.problem };
        if (!plan.changes) return { plan, inventory: await inventory() };
        const id = `act-${randomUUID().slice(0, 8)}`;
        await save({ id, agent: JAMIE_NAME, state: 'planned', created_at: ctx.now, updated_at: ctx.now, detail: { request: a.request, plan, dry_run: settings.dryRun, refusals: [] } });
        return { id, plan, state: 'planned' };
      } },
    { spec: { name: 'inventory', description: 'What is deployed where on the Pi cluster: Deployments and DaemonSets with images, node selectors and readiness.', scope: 'read', parameters: { type: 'object', properties: {} } },
      run: async () => inventory() },
    { spec: { name: 'list_actions', description: 'agent-jamie\'s audit log: plans, refusals, approvals and executions, newest first.', scope: 'read', parameters: { type: 'object', properties: {} } },
      run: async () => state.actions(JAMIE_NAME, 20) },
    { spec: { name: 'execute_action', description: 'Executes a planned action: an admin\'s approval.', scope: 'admin', parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
      run: async (a, ctx) => approve(String(a.id ?? ''), { scopes: ctx.scopes }) },
  ];

  const definition: AgentDefinition<Ctx> = {
    name: JAMIE_NAME,
    purpose: 'DevOps automation on the Pi fleet through EdgeDeploy: restarts, rollouts, scaling and inventory as plans that an admin approves; dry run by default; every step audited.',
    persona: 'You are agent-jamie, who operates a Raspberry Pi k3s fleet. Plan operations with plan_operation; never claim something was done unless a tool result says so; state only numbers from tool results.',
    capabilities, subscriptions: [], actsOn: ['Deployments, DaemonSets and pods in the Pi cluster\'s iot namespace (after approval)'],
    context: ({ scopes, now }) => ({ scopes, now }),
    // Approval is answered here, not through the model: the caller's scopes decide, and refusals are logged.
    async ask(request) {
      const m = /^\s*(?:approve|execute|run)\s+(act-[a-z0-9]+)\s*$/i.exec(request.query);
      if (!m) return undefined;
      const { query: _q, ...rest } = await approve(m[1]!, { scopes: request.scopes ?? ['admin'] });
      return rest;
    },
    plan: (question) => [{ name: 'plan_operation', args: { request: question } }],
    answer(_q, results) {
      const r = results[0]!.result as { error?: string; id?: string; plan?: OperationPlan; inventory?: { kind: string; name: string; images: string[]; where: Record<string, string>; replicas: number | null; ready: number }[] };
      if (r.error) return { intent: 'help', response: r.error.startsWith('I can') ? `${r.error}.` : `Cannot plan that: ${r.error}.`, data: { error: r.error } };
      if (r.inventory) {
        const lines = r.inventory.map((i) => `${i.kind} ${i.name}: ${i.images.join(', ')}${Object.keys(i.where).length ? ` on ${Object.entries(i.where).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}, ${i.ready}/${i.replicas ?? '?'} ready`);
        return { intent: 'inventory', response: lines.length ? `Deployed in iot:\n${lines.join('\n')}` : 'Nothing is deployed in the iot namespace.', data: { workloads: r.inventory } };
      }
      const plan = r.plan!;
      const steps = plan.steps.map((s, i) => `${i + 1}. ${s.kubectl}`).join('\n');
      return {
        intent: plan.operation,
        response: `Plan ${r.id}: ${plan.summary}.\n${steps}\nNothing has been changed. An admin approves it with POST /api/v1/agents/agent-jamie/actions/${r.id}/approve (or "approve ${r.id}")${settings.dryRun ? '; it then runs as a dry run (JAMIE_DRY_RUN is on)' : ''}.`,
        data: { id: r.id, plan, state: 'planned', dry_run: settings.dryRun },
      };
    },
  };
  const runtime = new AgentRuntime(definition, { ...(domain.llm ? { llm: domain.llm } : {}), clock: domain.clock });
  return Object.assign(runtime, { approve });
}
