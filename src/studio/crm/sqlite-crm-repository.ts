import { SqliteRepository } from '../sqlite-file.js';
import { linkColumns, MAX_LIST, type ContactErasure, type CrmRepository, type LinkFilter } from './crm-repository.js';
import type { Kind, RecordOf } from './model.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS crm_records (kind TEXT NOT NULL, id TEXT NOT NULL, company_id TEXT, contact_id TEXT, deal_id TEXT,
    updated_at INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, id));
  CREATE INDEX IF NOT EXISTS crm_company ON crm_records (kind, company_id);
  CREATE INDEX IF NOT EXISTS crm_contact ON crm_records (kind, contact_id);
  CREATE INDEX IF NOT EXISTS crm_deal ON crm_records (kind, deal_id);
  CREATE INDEX IF NOT EXISTS crm_updated ON crm_records (kind, updated_at);`;

const LINKS = ['company_id', 'contact_id', 'deal_id'] as const;
const where = (links: LinkFilter, join: 'AND' | 'OR'): [string, string[]] => {
  const used = LINKS.filter((l) => links[l] !== undefined);
  return [used.map((l) => `${l} = ?`).join(` ${join} `), used.map((l) => links[l]!)];
};
const clamp = (limit: number | undefined) => Math.max(1, Math.min(MAX_LIST, limit ?? MAX_LIST));

/**
 * CRM records in a SQLite file (the embedded studio's `crm.db`), synchronous=FULL: a record the
 * API answered for survives a power cut.
 * @example
 * const repo = new SqliteCrmRepository('./data/crm.db'); await repo.open();
 */
export class SqliteCrmRepository extends SqliteRepository implements CrmRepository {
  constructor(path: string) {
    super(path, SCHEMA, 'FULL');
  }

  async put<K extends Kind>(kind: K, records: RecordOf[K][]): Promise<void> {
    const stmt = this.db.prepare(`INSERT INTO crm_records (kind, id, company_id, contact_id, deal_id, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (kind, id) DO UPDATE SET company_id = excluded.company_id, contact_id = excluded.contact_id, deal_id = excluded.deal_id, updated_at = excluded.updated_at, data = excluded.data`);
    this.db.transaction(() => {
      for (const r of records) stmt.run(kind, r.id, ...linkColumns(r), r.updated_at, JSON.stringify(r));
    })();
  }

  async get<K extends Kind>(kind: K, id: string): Promise<RecordOf[K] | undefined> {
    const row = this.db.prepare('SELECT data FROM crm_records WHERE kind = ? AND id = ?').get(kind, id) as { data: string } | undefined;
    return row ? JSON.parse(row.data) as RecordOf[K] : undefined;
  }

  private select<K extends Kind>(kind: K, links: LinkFilter, join: 'AND' | 'OR', limit?: number): RecordOf[K][] {
    const [cond, args] = where(links, join);
    const rows = this.db.prepare(`SELECT data FROM crm_records WHERE kind = ?${cond ? ` AND (${cond})` : ''} ORDER BY updated_at DESC, id LIMIT ?`).all(kind, ...args, clamp(limit)) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as RecordOf[K]);
  }

  async list<K extends Kind>(kind: K, links: LinkFilter = {}, limit?: number): Promise<RecordOf[K][]> {
    return this.select(kind, links, 'AND', limit);
  }

  async linkedToAny<K extends Kind>(kind: K, links: LinkFilter, limit?: number): Promise<RecordOf[K][]> {
    return Object.values(links).some((v) => v !== undefined) ? this.select(kind, links, 'OR', limit) : [];
  }

  async delete(kind: Kind, id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM crm_records WHERE kind = ? AND id = ?').run(kind, id).changes === 1;
  }

  async eraseContact(id: string): Promise<ContactErasure> {
    return this.db.transaction(() => {
      const contact = this.db.prepare("DELETE FROM crm_records WHERE kind = 'contacts' AND id = ?").run(id).changes === 1;
      const activities = this.db.prepare("DELETE FROM crm_records WHERE kind = 'activities' AND contact_id = ?").run(id).changes;
      const reminders = this.db.prepare("DELETE FROM crm_records WHERE kind = 'reminders' AND contact_id = ?").run(id).changes;
      const deals = this.db.prepare("SELECT id, data FROM crm_records WHERE kind = 'deals' AND contact_id = ?").all(id) as { id: string; data: string }[];
      const unlink = this.db.prepare("UPDATE crm_records SET contact_id = NULL, data = ? WHERE kind = 'deals' AND id = ?");
      for (const d of deals) {
        const { contact_id: _gone, ...rest } = JSON.parse(d.data) as RecordOf['deals'];
        unlink.run(JSON.stringify(rest), d.id);
      }
      return { contact, activities, reminders, deals_unlinked: deals.length };
    })();
  }

  async dueReminders(now: number, limit: number): Promise<RecordOf['reminders'][]> {
    const rows = this.db.prepare("SELECT data FROM crm_records WHERE kind = 'reminders'").all() as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as RecordOf['reminders']).filter((r) => r.state === 'pending' && r.due_at <= now)
      .sort((a, b) => a.due_at - b.due_at).slice(0, limit);
  }
}
