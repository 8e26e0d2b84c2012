import type pg from 'pg';
import { SchemaRepository } from '../store/postgres/pool.js';
import { linkColumns, MAX_LIST, type ContactErasure, type CrmRepository, type LinkFilter } from './crm-repository.js';
import type { Kind, RecordOf } from './model.js';

const LINKS = ['company_id', 'contact_id', 'deal_id'] as const;
const clamp = (limit: number | undefined) => Math.max(1, Math.min(MAX_LIST, limit ?? MAX_LIST));

/**
 * CRM records in PostgreSQL (schema `DATABASE_SCHEMA`, default bruno), shared by the studio and
 * agent-mary-kay's own Service.
 * @example
 * const repo = new PostgresCrmRepository(process.env.DATABASE_URL!, 'bruno'); await repo.open();
 */
export class PostgresCrmRepository extends SchemaRepository implements CrmRepository {
  constructor(source: string | pg.Pool, schema = 'bruno') {
    super(source, 'PostgresCrmRepository', schema, 4, (s) => {
      const t = `${s}.crm_records`;
      const ddl = `CREATE SCHEMA IF NOT EXISTS ${s};
        CREATE TABLE IF NOT EXISTS ${t} (kind text NOT NULL, id text NOT NULL, company_id text, contact_id text, deal_id text,
          updated_at bigint NOT NULL, data jsonb NOT NULL, PRIMARY KEY (kind, id));
        CREATE INDEX IF NOT EXISTS crm_company ON ${t} (kind, company_id);
        CREATE INDEX IF NOT EXISTS crm_contact ON ${t} (kind, contact_id);
        CREATE INDEX IF NOT EXISTS crm_deal ON ${t} (kind, deal_id);
        CREATE INDEX IF NOT EXISTS crm_updated ON ${t} (kind, updated_at);`;
      const lockKey = `homelab-crm:${s}`;
      return { lockKey, migration: ddl };
    });
  }

  private async tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.db.connect();
    try {
      await c.query('BEGIN');
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  async put<K extends Kind>(kind: K, records: RecordOf[K][]): Promise<void> {
    if (!records.length) return;
    await this.tx(async (c) => {
      // 500 rows a statement: one round trip per chunk instead of one per record.
      for (let i = 0; i < records.length; i += 500) {
        const part = records.slice(i, i + 500);
        const values: unknown[] = [];
        const rows = part.map((r, j) => {
          values.push(kind, r.id, ...linkColumns(r), r.updated_at, JSON.stringify(r));
          const b = j * 7;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}::jsonb)`;
        });
        await c.query(`INSERT INTO ${this.s}.crm_records (kind, id, company_id, contact_id, deal_id, updated_at, data) VALUES ${rows.join(', ')}
          ON CONFLICT (kind, id) DO UPDATE SET company_id = EXCLUDED.company_id, contact_id = EXCLUDED.contact_id, deal_id = EXCLUDED.deal_id, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data`, values);
      }
    });
  }

  async get<K extends Kind>(kind: K, id: string): Promise<RecordOf[K] | undefined> {
    const r = await this.db.query<{ data: RecordOf[K] }>(`SELECT data FROM ${this.s}.crm_records WHERE kind = $1 AND id = $2`, [kind, id]);
    return r.rows[0]?.data;
  }

  private async select<K extends Kind>(kind: K, links: LinkFilter, join: 'AND' | 'OR', limit?: number): Promise<RecordOf[K][]> {
    const used = LINKS.filter((l) => links[l] !== undefined);
    const cond = used.map((l, i) => `${l} = $${i + 2}`).join(` ${join} `);
    const r = await this.db.query<{ data: RecordOf[K] }>(`SELECT data FROM ${this.s}.crm_records WHERE kind = $1${cond ? ` AND (${cond})` : ''} ORDER BY updated_at DESC, id LIMIT ${clamp(limit)}`,
      [kind, ...used.map((l) => links[l])]);
    return r.rows.map((x) => x.data);
  }

  async list<K extends Kind>(kind: K, links: LinkFilter = {}, limit?: number): Promise<RecordOf[K][]> {
    return this.select(kind, links, 'AND', limit);
  }

  async linkedToAny<K extends Kind>(kind: K, links: LinkFilter, limit?: number): Promise<RecordOf[K][]> {
    return Object.values(links).some((v) => v !== undefined) ? this.select(kind, links, 'OR', limit) : [];
  }

  async delete(kind: Kind, id: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM ${this.s}.crm_records WHERE kind = $1 AND id = $2`, [kind, id])).rowCount === 1;
  }

  async eraseContact(id: string): Promise<ContactErasure> {
    return this.tx(async (c) => {
      const t = `${this.s}.crm_records`;
      const contact = (await c.query(`DELETE FROM ${t} WHERE kind = 'contacts' AND id = $1`, [id])).rowCount === 1;
      const activities = (await c.query(`DELETE FROM ${t} WHERE kind = 'activities' AND contact_id = $1`, [id])).rowCount ?? 0;
      const reminders = (await c.query(`DELETE FROM ${t} WHERE kind = 'reminders' AND contact_id = $1`, [id])).rowCount ?? 0;
      const deals = (await c.query(`UPDATE ${t} SET contact_id = NULL, data = data - 'contact_id' WHERE kind = 'deals' AND contact_id = $1`, [id])).rowCount ?? 0;
      return { contact, activities, reminders, deals_unlinked: deals };
    });
  }

  async dueReminders(now: number, limit: number): Promise<RecordOf['reminders'][]> {
    const r = await this.db.query<{ data: RecordOf['reminders'] }>(`SELECT data FROM ${this.s}.crm_records WHERE kind = 'reminders' AND data->>'state' = 'pending' AND (data->>'due_at')::bigint <= $1
      ORDER BY (data->>'due_at')::bigint LIMIT $2`, [now, limit]);
    return r.rows.map((x) => x.data);
  }
}
