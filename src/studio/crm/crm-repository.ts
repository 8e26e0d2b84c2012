import type { Kind, RecordOf } from './model.js';

/** Links a record has to others: what lists filter on and what a contact's deletion follows. */
export interface LinkFilter { company_id?: string; contact_id?: string; deal_id?: string }

/** What deleting one contact removed (GDPR-style erasure). */
export interface ContactErasure { contact: boolean; activities: number; reminders: number; deals_unlinked: number }

/** Most records of one kind a list returns (`limit` is clamped to it). */
export const MAX_LIST = 50_000;

/**
 * The CRM's storage: one contract (crm-repository.test.ts) for SQLite (embedded, `crm.db`) and
 * PostgreSQL (shared by replicas). Records are kept whole (JSON) with their links as columns.
 */
export interface CrmRepository {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Inserts or replaces records by id, all in one transaction (an import chunk lands whole or not at all). */
  put<K extends Kind>(kind: K, records: RecordOf[K][]): Promise<void>;
  get<K extends Kind>(kind: K, id: string): Promise<RecordOf[K] | undefined>;
  /** Newest `updated_at` first; `links` filters on any of the record's links. */
  list<K extends Kind>(kind: K, links?: LinkFilter, limit?: number): Promise<RecordOf[K][]>;
  /** Records of a kind linked to any of the given links (OR), e.g. activities of a deal, its contact or its company. */
  linkedToAny<K extends Kind>(kind: K, links: LinkFilter, limit?: number): Promise<RecordOf[K][]>;
  delete(kind: Kind, id: string): Promise<boolean>;
  /** Deletes a contact with its activities and reminders, and unlinks it from deals, in one transaction. */
  eraseContact(id: string): Promise<ContactErasure>;
  /** Pending reminders due at or before `now`, oldest first. */
  dueReminders(now: number, limit: number): Promise<RecordOf['reminders'][]>;
}

export const linkColumns = (r: object): [string | null, string | null, string | null] => {
  const o = r as LinkFilter;
  return [o.company_id ?? null, o.contact_id ?? null, o.deal_id ?? null];
};
