import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** One file the page loads, kept in memory with its gzip and ETag after its first request. */
export interface Asset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
};

/** uPlot's files served under `/ui/vendor/` (from node_modules, no build step). */
export const VENDOR_FILES = ['uPlot.iife.min.js', 'uPlot.min.css'];

/**
 * Where the page's files are: beside the bundle (`scripts/bundle.mjs` copies them to
 * `dist/bundle/dashboard-ui/`, vendor files included) or, running from the sources, this module's
 * `static/` folder with uPlot's `dist/` from node_modules.
 */
export function assetRoots(): { ui: string; vendor: string } {
  const bundled = fileURLToPath(new URL('./dashboard-ui/', import.meta.url));
  if (existsSync(join(bundled, 'index.html'))) return { ui: bundled, vendor: join(bundled, 'vendor') };
  const uplot = dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
  return { ui: fileURLToPath(new URL('./static/', import.meta.url)), vendor: join(uplot, 'dist') };
}

/**
 * The page's static files by URL path under `/ui/` (`app.js`, `vendor/uPlot.iife.min.js`, …).
 * Each is read once and kept with its gzip (level 9) and a content hash as ETag; paths that leave
 * the folder, unknown types and missing files answer undefined.
 * @example
 * const assets = new AssetStore(); const a = assets.get('app.js'); // { body, gzip, etag, type }
 */
export class AssetStore {
  private readonly cache = new Map<string, Asset | null>();
  private readonly roots = assetRoots();

  get(path: string): Asset | undefined {
    if (this.cache.has(path)) return this.cache.get(path) ?? undefined;
    const asset = this.load(path);
    if (this.cache.size < 500) this.cache.set(path, asset ?? null); // bounded: unknown paths are not kept forever
    return asset;
  }

  private load(path: string): Asset | undefined {
    const type = TYPES[extname(path)];
    if (!type || path.includes('\0')) return undefined;
    const vendor = path.startsWith('vendor/');
    const root = vendor ? this.roots.vendor : this.roots.ui;
    const rel = vendor ? path.slice('vendor/'.length) : path;
    if (vendor && !VENDOR_FILES.includes(rel)) return undefined;
    const file = normalize(join(root, rel));
    if (!file.startsWith(normalize(root + sep))) return undefined;
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return undefined;
    }
    return { body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, type };
  }
}
