import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { InvalidInput } from '../core/errors.js';

/** What is needed to talk to one cluster's API server. */
export interface ClusterAccess {
  server: string;
  ca?: Buffer;
  insecure?: boolean;
  token?: string;
  cert?: Buffer;
  key?: Buffer;
  namespace?: string;
}

interface KubeConfig {
  'current-context'?: string;
  contexts?: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string; 'insecure-skip-tls-verify'?: boolean } }[];
  users?: { name: string; user: { token?: string; 'client-certificate-data'?: string; 'client-key-data'?: string; 'client-certificate'?: string; 'client-key'?: string } }[];
}

const b64 = (s: string | undefined): Buffer | undefined => (s ? Buffer.from(s, 'base64') : undefined);
const file = (p: string | undefined): Buffer | undefined => (p ? readFileSync(p) : undefined);

/**
 * Reads a kubeconfig (`KUBECONFIG` or ~/.kube/config) and returns how to reach a context's cluster:
 * server, CA, and a bearer token or client certificate.
 * @example
 * const pi = loadClusterAccess('pi');
 */
export function loadClusterAccess(context?: string, path = process.env.KUBECONFIG?.split(':')[0] ?? join(homedir(), '.kube', 'config')): ClusterAccess {
  let cfg: KubeConfig;
  try {
    cfg = parse(readFileSync(path, 'utf8')) as KubeConfig;
  } catch (err) {
    throw new InvalidInput(`cannot read kubeconfig ${path}: ${(err as Error).message}; set KUBECONFIG or use --dry-run`, { field: 'kubeconfig', cause: err });
  }
  const name = context ?? cfg['current-context'];
  const ctx = cfg.contexts?.find((c) => c.name === name);
  if (!ctx) throw new InvalidInput(`no context "${name}" in ${path}; contexts: ${(cfg.contexts ?? []).map((c) => c.name).join(', ') || 'none'}`, { field: 'context' });
  const cluster = cfg.clusters?.find((c) => c.name === ctx.context.cluster)?.cluster;
  const user = cfg.users?.find((u) => u.name === ctx.context.user)?.user ?? {};
  if (!cluster) throw new InvalidInput(`context "${name}" names cluster "${ctx.context.cluster}", which ${path} does not define`, { field: 'context' });
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ...(cluster['certificate-authority-data'] || cluster['certificate-authority'] ? { ca: b64(cluster['certificate-authority-data']) ?? file(cluster['certificate-authority'])! } : {}),
    ...(cluster['insecure-skip-tls-verify'] ? { insecure: true } : {}),
    ...(user.token ? { token: user.token } : {}),
    ...(user['client-certificate-data'] || user['client-certificate'] ? { cert: b64(user['client-certificate-data']) ?? file(user['client-certificate'])! } : {}),
    ...(user['client-key-data'] || user['client-key'] ? { key: b64(user['client-key-data']) ?? file(user['client-key'])! } : {}),
    ...(ctx.context.namespace ? { namespace: ctx.context.namespace } : {}),
  };
}
