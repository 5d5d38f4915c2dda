/**
 * Which peers may speak for their clients with a PROXY header: single
 * addresses and CIDR networks, IPv4 and IPv6.
 */
import net from 'node:net';

export interface Network {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `10.0.0.5`, `10.0.0.0/8`, `fd00::/8`; null when it is neither. */
export function parseNetwork(entry: string): Network | null {
  const [address = '', prefixText, ...extra] = entry.trim().split('/');
  const version = net.isIP(address);
  if (version === 0 || extra.length > 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { address, prefix: Number(prefixText), family };
}

/** A membership test over the entries (which must pass `parseNetwork`). */
export function trustedNetworks(entries: readonly string[]): (address: string | undefined) => boolean {
  if (entries.length === 0) return () => false;
  const list = new net.BlockList();
  for (const entry of entries) {
    const network = parseNetwork(entry);
    if (!network) throw new Error(`not an address or network: ${entry}`);
    list.addSubnet(network.address, network.prefix, network.family);
  }
  return (address) => {
    if (!address) return false;
    const plain = unmapIpv4(address);
    const version = net.isIP(plain);
    return version !== 0 && list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}

/** `::ffff:10.1.2.3` (an IPv4 peer of a dual-stack socket) → `10.1.2.3`. */
export function unmapIpv4(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address;
}
