import { join } from 'node:path';
import { Crm, type CrmOptions } from './crm.js';
import { PostgresCrmRepository } from './postgres-crm-repository.js';
import { SqliteCrmRepository } from './sqlite-crm-repository.js';

/**
 * The studio's CRM on its engine: PostgreSQL when the studio has a database URL, else `crm.db` in
 * the data directory (in memory for `:memory:` or none). Opened later, with the rest of storage.
 * @example
 * const crm = openCrm({ dataDir: './data' }); await crm.open();
 */
export function openCrm(where: { url: string; schema?: string | undefined } | { dataDir: string }, o: CrmOptions = {}): Crm {
  if ('url' in where) return new Crm(new PostgresCrmRepository(where.url, where.schema ?? 'bruno'), o);
  const file = where.dataDir && where.dataDir !== ':memory:' ? join(where.dataDir, 'crm.db') : ':memory:';
  return new Crm(new SqliteCrmRepository(file), o);
}
