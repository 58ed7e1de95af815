import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * SSRF guard for webhook targets (issue 12): outside tests and local development only https to
 * public addresses. Checked at registration and again at every delivery, on every address the
 * name resolves to, and the POST then connects to the checked address (no second lookup that a
 * rebinding DNS server could answer differently).
 */

/** Why an address is not public, or null when it is. */
export function nonPublicReason(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return ipv4Reason(address);
  if (family === 6) return ipv6Reason(address);
  return 'not an IP address';
}

function ipv4Reason(address: string): string | null {
  const [a, b, c] = address.split('.').map(Number);
  if (a === 0) return 'this-network address';
  if (a === 10) return 'private address';
  if (a === 127) return 'loopback address';
  if (a === 100 && b >= 64 && b <= 127) return 'shared (carrier-grade NAT) address';
  if (a === 169 && b === 254) return 'link-local or metadata address';
  if (a === 172 && b >= 16 && b <= 31) return 'private address';
  if (a === 192 && b === 168) return 'private address';
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return 'reserved address';
  // 6to4 relay anycast (deprecated): reaches whichever relay routes it.
  if (a === 192 && b === 88 && c === 99) return 'reserved (6to4 relay) address';
  if (a === 198 && (b === 18 || b === 19)) return 'benchmarking address';
  if (a === 198 && b === 51 && c === 100) return 'documentation address';
  if (a === 203 && b === 0 && c === 113) return 'documentation address';
  if (a >= 224) return 'multicast or reserved address';
  return null;
}

/** The 8 groups of an IPv6 address as numbers (handles `::` and a dotted IPv4 tail). */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const parts = tail[1].split('.').map(Number);
    text =
      text.slice(0, -tail[1].length) +
      ((parts[0] << 8) | parts[1]).toString(16) +
      ':' +
      ((parts[2] << 8) | parts[3]).toString(16);
  }
  const [head, rest] = text.split('::');
  const parse = (s: string): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<number>(Math.max(fill, 0)).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

function ipv6Reason(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return 'not an IP address';
  const v4 = (hi: number, lo: number): string => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  if (zeros(8)) return 'unspecified address';
  if (zeros(7) && g[7] === 1) return 'loopback address';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): judged as the IPv4 address.
  if (zeros(5) && g[5] === 0xffff) return ipv4Reason(v4(g[6], g[7]));
  if (zeros(6)) return ipv4Reason(v4(g[6], g[7])) ?? 'IPv4-compatible address';
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return ipv4Reason(v4(g[6], g[7]));
  }
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique local (private) address';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local address';
  if ((g[0] & 0xffc0) === 0xfec0) return 'site-local address';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast address';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation address';
  // 6to4 (2002::/16) embeds an IPv4 address.
  if (g[0] === 0x2002) return ipv4Reason(v4(g[1], g[2]));
  // Teredo (2001:0::/32) tunnels to arbitrary hosts.
  if (g[0] === 0x2001 && g[1] === 0) return 'Teredo address';
  // Everything else outside global unicast (2000::/3) is reserved or a translation prefix that
  // may reach internal hosts: ::ffff:0:a.b.c.d (SIIT), 64:ff9b:1::/48 (local NAT64), 100::/64
  // (discard), …
  if ((g[0] & 0xe000) !== 0x2000) return 'reserved address (outside 2000::/3)';
  return null;
}

export interface TargetRules {
  /** Tests and local development: http and any address allowed. */
  allowLocal: boolean;
}

export class TargetRefused extends Error {}

/** The URL's own rules: absolute http(s), https unless allowLocal, no credentials. */
export function checkUrl(raw: string, rules: TargetRules): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('The webhook URL must be an absolute https URL.');
  }
  if (url.protocol !== 'https:' && !(rules.allowLocal && url.protocol === 'http:')) {
    throw new TargetRefused('The webhook URL must use https.');
  }
  if (url.username || url.password) {
    throw new TargetRefused('The webhook URL must not carry a user name or password.');
  }
  return url;
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/**
 * Every address the URL's host stands for, each checked; throws TargetRefused naming the first
 * that is not public (unless allowLocal). Returns the addresses to connect to.
 */
export async function resolveTarget(
  url: URL,
  rules: TargetRules,
  resolver: Resolver = systemResolver,
): Promise<{ address: string; family: number }[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await resolver(host);
    } catch {
      throw new TargetRefused(`The webhook host ${host} could not be resolved.`);
    }
    if (addresses.length === 0) {
      throw new TargetRefused(`The webhook host ${host} could not be resolved.`);
    }
  }
  if (!rules.allowLocal) {
    for (const { address } of addresses) {
      const reason = nonPublicReason(address);
      if (reason) {
        throw new TargetRefused(
          `The webhook host ${host} points to a ${reason} (${address}); only public addresses are allowed.`,
        );
      }
    }
  }
  return addresses;
}
