import { isIP } from 'node:net';

/** Lowercase, without the trailing dot: how names are compared here (DNS names are case-insensitive, RFC 4343). */
export function canonicalName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** The eight groups of an IPv6 address, four hex digits each. */
function expandIpv6(address: string): string[] {
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const parse = (part: string) => (part ? part.split(':') : []);
  let groups = [...parse(head)];
  let rest = parse(tail);
  // An embedded IPv4 tail (::ffff:192.0.2.1) is two groups.
  const last = (rest.length ? rest : groups).at(-1);
  if (last?.includes('.')) {
    const octets = last.split('.').map(Number);
    const v4 = [((octets[0]! << 8) | octets[1]!).toString(16), ((octets[2]! << 8) | octets[3]!).toString(16)];
    if (rest.length) rest = [...rest.slice(0, -1), ...v4];
    else groups = [...groups.slice(0, -1), ...v4];
  }
  const fill = address.includes('::') ? Array(8 - groups.length - rest.length).fill('0') : [];
  return [...groups, ...fill, ...rest].map((g) => g.padStart(4, '0'));
}

/** The reversed form of an address under which PTR and blocklist entries live (RFC 1035 §3.5, RFC 3596 §2.5). */
export function reversedAddress(address: string): string {
  if (isIP(address) === 4) return address.split('.').reverse().join('.');
  return expandIpv6(address).join('').split('').reverse().join('.');
}

/** `10.2.0.192.in-addr.arpa`, `…ip6.arpa`: where an address's PTR record is. */
export function reverseName(address: string): string {
  return `${reversedAddress(address)}.${isIP(address) === 4 ? 'in-addr.arpa' : 'ip6.arpa'}`;
}

/**
 * Names that never resolve on the public internet: no dot, an address,
 * or a top-level domain reserved for local or test use (RFC 2606, RFC 6761,
 * RFC 6762, RFC 8375, ICANN's .internal). SPF, MX and PTR hints that
 * point at such a name cannot work for receivers elsewhere.
 */
const PRIVATE_SUFFIXES = ['localhost', 'local', 'test', 'invalid', 'example', 'internal', 'lan', 'home', 'localdomain', 'home.arpa', 'corp'];

export function isPublicHostname(hostname: string): boolean {
  const name = canonicalName(hostname);
  if (isIP(name) || isIP(name.replace(/^\[|\]$/g, ''))) return false;
  const labels = name.split('.');
  if (labels.length < 2 || labels.some((l) => !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) return false;
  if (/^\d+$/.test(labels.at(-1)!)) return false;
  return !PRIVATE_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}
