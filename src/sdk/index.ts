/** The `homelab` SDK: typed clients for agent-bruno. Imports only the shared core contract. */
export { Agent } from './agent.js';
export { HttpClient } from './client.js';
export type { ClientOptions, QueryIntent, QueryResponse } from './types.js';
export { HomelabError } from '../core/errors.js';
