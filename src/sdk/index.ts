/** The `homelab` SDK: typed clients for agent-bruno. Imports only the shared core contract. */
export { Agent } from './agent.js';
export { HttpClient } from './client.js';
export { EdgeDeploy, edgeManifest, type EdgeWorkload, type EdgeDeployOptions } from './edge-deploy.js';
export { loadClusterAccess, type ClusterAccess } from './kubeconfig.js';
export { EdgeData, type AnomalyRecord, type Query, type RawAnswer, type RawQuery, type ReadingRecord, type SeriesPointRecord } from './edge-data.js';
export { ForgeTraining, type ModelSummary, type TrainOptions } from './forge-training.js';
export type { ClientOptions, QueryIntent, QueryResponse } from './types.js';
export { HomelabError } from './errors.js';
export { InvalidInput } from '../core/errors.js';
