import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * A gzipped POSIX (ustar) tar of regular files: what `homelab backup` writes, so `tar -xzf` opens
 * it too. Only what backups need: flat names, regular files, sizes below 8 GiB.
 * @example
 * const bytes = packArchive([{ name: 'manifest.json', data: Buffer.from('{}') }]);
 * unpackArchive(bytes)[0].name // 'manifest.json'
 */
export function packArchive(files: { name: string; data: Buffer }[], mtimeMs = Date.now()): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    if (!/^[\w.-]{1,99}$/.test(f.name)) throw new Error(`archive: bad file name ${JSON.stringify(f.name)}`);
    const h = Buffer.alloc(512);
    h.write(f.name, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${f.data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write(`${Math.floor(mtimeMs / 1000).toString(8).padStart(11, '0')}\0`, 136);
    h.write('        ', 148); // checksum counted as spaces
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(h, f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts), { level: 6 });
}

/** Reads what {@link packArchive} wrote (and plain ustar files generally); throws on a damaged archive. */
export function unpackArchive(gz: Buffer): { name: string; data: Buffer }[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz);
  } catch (err) {
    throw new Error('not a homelab backup (not gzip)', { cause: err });
  }
  const files: { name: string; data: Buffer }[] = [];
  for (let at = 0; at + 512 <= tar.length;) {
    const h = tar.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== parseInt(h.subarray(148, 156).toString('ascii'), 8)) throw new Error(`damaged backup: bad tar header checksum at byte ${at}`);
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(h.subarray(124, 136).toString('ascii'), 8);
    if (!Number.isSafeInteger(size) || at + 512 + size > tar.length) throw new Error(`damaged backup: ${name} is cut short`);
    if (h[156] === 48 || h[156] === 0) files.push({ name, data: Buffer.from(tar.subarray(at + 512, at + 512 + size)) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
