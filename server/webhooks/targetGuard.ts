// SSRF guard for webhook URLs: only http(s), and every address the host resolves to must be public
// unless private targets are allowed. Checked when a webhook is saved and again at each delivery,
// where the connection is pinned to the addresses that were checked (no second DNS answer can slip
// in between the check and the connect).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Ranges a webhook may not reach by default. IPv4-mapped IPv6 (::ffff:a.b.c.d) is checked as IPv4. */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network" and the unspecified address
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.168.0.0', 16], // private
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface TargetCheck {
  ok: boolean;
  /** Why the URL was refused (for the admin, or the delivery log). */
  reason?: string;
  url?: URL;
  addresses?: ResolvedAddress[];
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

const DNS_TIMEOUT_MS = 5_000;

const systemResolver: Resolver = async (host) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('DNS lookup timed out')), DNS_TIMEOUT_MS);
  });
  try {
    const found = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } finally {
    clearTimeout(timer);
  }
};

export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** Parses and checks a webhook URL; resolves its host unless it is an IP literal. */
export async function checkWebhookTarget(raw: string, options: { allowPrivate: boolean; resolve?: Resolver }): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'The URL is not valid.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'Only http and https URLs are allowed.' };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!host) return { ok: false, reason: 'The URL has no host.' };
  let addresses: ResolvedAddress[];
  const literal = isIP(host);
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (error) {
      return { ok: false, reason: `The host ${host} could not be resolved (${(error as Error).message}).` };
    }
    if (addresses.length === 0) return { ok: false, reason: `The host ${host} could not be resolved.` };
  }
  if (!options.allowPrivate) {
    const blocked = addresses.find((a) => isBlockedAddress(a.address));
    if (blocked) {
      return {
        ok: false,
        reason: `The URL points to a loopback, private, link-local or otherwise non-public address (${blocked.address}); the instance admin can allow private webhook targets.`,
      };
    }
  }
  return { ok: true, url, addresses };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that answers only with addresses already checked, so the socket
 * connects to exactly what the guard approved.
 */
export function pinnedLookup(addresses: ResolvedAddress[]) {
  return (_host: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    const wanted = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
    const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
    const first = usable[0];
    if (!first) {
      callback(Object.assign(new Error('no checked address for this family'), { code: 'ENOTFOUND' }), '');
      return;
    }
    if (options.all) callback(null, usable);
    else callback(null, first.address, first.family);
  };
}
