import { parseCsv } from '../../studio/crm/csv.js';
import type { ImportReport } from '../../studio/crm/crm.js';

export type { ImportReport } from '../../studio/crm/crm.js';

/** One request's worth of a CSV file: the header's bytes plus whole records, and where they start. */
export interface CsvChunk { text: string; firstRow: number; records: number }

/**
 * Cuts a CSV file into chunks of at most `rows` records, each the header plus the file's own text
 * of those records (not re-written: a broken record stays as broken, line numbers stay true), with
 * `firstRow` telling the studio which line the chunk's records start at.
 * @example
 * chunkCsv(text, 500) // [{ text: 'Deal Name,…\r\n…', firstRow: 2, records: 500 }, …]
 */
export function chunkCsv(content: string, rows: number): CsvChunk[] {
  const records = parseCsv(content);
  if (!records.length) return [];
  // where each physical line starts (the parser's line ends: CRLF, LF or a lone CR)
  const starts = [0];
  for (let i = 0; i < content.length; i++) {
    const ch = content[i];
    if (ch === '\n' || (ch === '\r' && content[i + 1] !== '\n')) starts.push(i + 1);
  }
  const at = (line: number) => starts[line - 1] ?? content.length;
  const data = records.slice(1);
  const headerLines = data.length ? data[0]!.line - 1 : 1;
  const header = content.slice(0, data.length ? at(data[0]!.line) : content.length);
  if (!data.length) return [{ text: header, firstRow: 2, records: 0 }];
  const out: CsvChunk[] = [];
  for (let i = 0; i < data.length; i += rows) {
    const first = data[i]!;
    const next = data[i + rows];
    const body = content.slice(at(first.line), next ? at(next.line) : content.length);
    const sep = /[\r\n]$/.test(header) ? '' : '\r\n';
    out.push({ text: header + sep + body, firstRow: first.line - headerLines + 1, records: Math.min(rows, data.length - i) });
  }
  return out;
}

/** One report for the whole file from the chunks' reports. */
export function mergeReports(parts: ImportReport[]): ImportReport {
  const first = parts[0]!;
  const sum = (k: 'rows' | 'imported' | 'created' | 'updated' | 'companies_created' | 'contacts_created') => parts.reduce((n, p) => n + p[k], 0);
  return { kind: first.kind, source: first.source, rows: sum('rows'), imported: sum('imported'), created: sum('created'), updated: sum('updated'), companies_created: sum('companies_created'), contacts_created: sum('contacts_created'), mapped: first.mapped, unmapped: first.unmapped, rejected: parts.flatMap((p) => p.rejected), rejected_total: parts.reduce((n, p) => n + (p.rejected_total ?? p.rejected.length), 0) };
}

/** The report for a person: counts, unmapped columns, and the first 50 rejected rows. */
export function reportText(r: ImportReport, file: string): string {
  const lines = [`Imported ${r.imported} of ${r.rows} ${r.kind} from ${file} (${r.source} export): ${r.created} new, ${r.updated} updated${r.companies_created ? `, ${r.companies_created} companies created` : ''}${r.contacts_created ? `, ${r.contacts_created} contacts created` : ''}.`];
  lines.push(`Mapped: ${Object.entries(r.mapped).map(([f, h]) => `${h} → ${f}`).join(', ')}.`);
  if (r.unmapped.length) lines.push(`Not imported (no field for them): ${r.unmapped.join(', ')}.`);
  if (r.rejected_total) {
    lines.push(`${r.rejected_total} row${r.rejected_total === 1 ? '' : 's'} rejected:`);
    for (const x of r.rejected.slice(0, 50)) lines.push(`  row ${x.row}: ${x.reason}`);
    if (r.rejected_total > 50) lines.push(`  … and ${r.rejected_total - 50} more (--json lists up to 1000 per chunk)`);
  }
  return lines.join('\n');
}
