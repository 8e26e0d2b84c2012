import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** How a host name becomes addresses (injectable so tests need no DNS). */
export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * True for an address only this machine can reach: 127.0.0.0/8, ::1, and IPv4-mapped
 * ::ffff:127.x. Addresses only; a host name must be resolved first ({@link resolveLoopback}).
 * @example
 * isLoopbackAddress('127.3.2.1') // true
 * isLoopbackAddress('127.0.0.1.nip.io') // false: a name, not an address
 */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  if (isIP(v4) === 4) return v4.split('.')[0] === '127';
  if (isIP(a) === 6) return a === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(a) || a === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Decides whether binding `host` keeps a server on this machine, from the addresses it resolves
 * to (every one must be loopback: a name that also resolves elsewhere is not). Returns the address
 * to bind when it is (so a later, different answer from DNS cannot widen it), else undefined; a
 * name that does not resolve is not loopback.
 * @example
 * await resolveLoopback('localhost') // '127.0.0.1' (or '::1')
 * await resolveLoopback('127.0.0.1.example.com') // undefined unless it resolves to 127.x only
 */
export async function resolveLoopback(host: string, lookup: Lookup = systemLookup): Promise<string | undefined> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return isLoopbackAddress(bare) ? bare : undefined;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(bare);
  } catch {
    return undefined;
  }
  if (addresses.length === 0 || !addresses.every((a) => isLoopbackAddress(a.address))) return undefined;
  return addresses[0]!.address;
}
