import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { flag, printWarnings, readableFile, setting } from '../flags.js';
import { integerIn, oneOf, port, text, url } from '../../core/settings.js';
import type { Env } from '../../core/env.js';
import { DomainError, InvalidInput, Unavailable } from '../../core/errors.js';
import { HomelabError } from '../../sdk/errors.js';
import { chunkCsv, mergeReports, reportText, type ImportReport } from './crm-chunks.js';

const KINDS = ['deals', 'contacts', 'companies', 'activities'] as const;
interface ImportFlags { kind?: string; url?: string; token?: string; json?: boolean; chunkRows?: number; progress?: boolean }

/**
 * `homelab crm import FILE`: a CRM's CSV export (HubSpot, Pipedrive, or plain headers) into the
 * studio's CRM through `POST /api/v1/crm/import`, in chunks of whole records (the file's own bytes,
 * so rejected rows keep their line numbers), with a progress bar on a terminal.
 */
export function registerCrm(program: Command, env: Env): void {
  const crm = program.command('crm').description('agent-mary-kay\'s CRM: import CSV exports (see also /api/v1/crm).');
  crm.command('import')
    .argument('<file>', 'a CSV export of deals, contacts, companies or activities')
    .description('Import a CRM CSV export (HubSpot, Pipedrive: columns mapped by header name); reports unmapped columns and rejected rows with their reasons.')
    .option('-k, --kind <kind>', `what the file holds (${KINDS.join(', ')}; default: read from the header)`, flag(oneOf(KINDS)))
    .option('-u, --url <url>', "the studio's URL (env HOMELAB_URL, default http://localhost:PORT)", flag(url(['http:', 'https:'])))
    .option('--token <token>', 'bearer token with the admin scope (env HOMELAB_TOKEN)', flag(text(4096)))
    .option('--chunk-rows <n>', 'records per request (default 500)', flag(integerIn(1, 10_000)))
    .option('--no-progress', 'no progress bar, even on a terminal')
    .option('--json', 'print the whole import report as JSON')
    .addHelpText('after', '\nExamples:\n  $ homelab crm import hubspot-deals.csv\n  $ homelab crm import pipedrive-persons.csv --kind contacts --json | jq .rejected')
    .action(async (file: string, opts: ImportFlags) => {
      const report = { warnings: [] as string[] };
      const base = setting(opts.url, env, 'HOMELAB_URL', url(['http:', 'https:']), `http://localhost:${setting(undefined, env, 'PORT', port, 8080, report)}`, report);
      const token = setting(opts.token, env, 'HOMELAB_TOKEN', text(4096), undefined, report);
      printWarnings(report);
      readableFile('FILE', file);
      const content = readFileSync(file, 'utf8');
      const chunks = chunkCsv(content, opts.chunkRows ?? 500);
      if (!chunks.length) throw new InvalidInput(`${file} has no header row`, { field: 'file' });
      const total = chunks.reduce((n, c) => n + c.records, 0);
      const { SingleBar, Presets } = await import('cli-progress');
      const bar = opts.progress !== false && process.stderr.isTTY && chunks.length > 1 ? new SingleBar({ format: 'importing [{bar}] {value}/{total} rows | {eta_formatted} left', stream: process.stderr }, Presets.shades_classic) : undefined;
      bar?.start(total, 0);
      const parts: ImportReport[] = [];
      try {
        for (const c of chunks) {
          const q = new URLSearchParams({ first_row: String(c.firstRow), ...(opts.kind ? { kind: opts.kind } : {}) });
          const res = await fetch(`${base.replace(/\/$/, '')}/api/v1/crm/import?${q}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: c.text, signal: AbortSignal.timeout(120_000) });
          const body = await res.json().catch(() => ({})) as ImportReport & { error?: { message?: string; reason?: string } };
          if (!res.ok) throw new HomelabError(res.status, `the studio refused the import (HTTP ${res.status}): ${body.error?.message ?? 'no reason given'}${parts.length ? `; ${parts.reduce((n, p) => n + p.imported, 0)} rows before it were imported` : ''}`, 'file', body.error?.reason ?? 'http_error');
          parts.push(body);
          bar?.increment(c.records);
        }
      } catch (err) {
        if (err instanceof HomelabError || err instanceof DomainError) throw err;
        throw new Unavailable(`cannot reach the studio at ${base}: ${(err as Error).message}`, { field: 'url', cause: err });
      } finally {
        bar?.stop();
      }
      const merged = mergeReports(parts);
      console.log(opts.json ? JSON.stringify(merged, null, 2) : reportText(merged, file));
    });
}
