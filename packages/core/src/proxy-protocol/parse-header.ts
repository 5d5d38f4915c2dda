/**
 * The PROXY protocol header (HAProxy's spec, versions 1 and 2) that a load
 * balancer or TLS terminator sends before the client's first byte, saying
 * who the client really is and, in version 2, whether it spoke TLS to the
 * proxy. Pure: bytes in, a verdict out.
 */
import net from 'node:net';

export interface ProxyHeader {
  version: 1 | 2;
  /**
   * The client as the proxy saw it. Absent for `PROXY UNKNOWN`, a version 2
   * LOCAL command (the proxy's own health check) or an address family other
   * than TCP over IPv4/IPv6: the connection's own peer stands.
   */
  source?: { address: string; port: number };
  destination?: { address: string; port: number };
  /** The client spoke TLS to the proxy (version 2 `PP2_TYPE_SSL` with `PP2_CLIENT_SSL`). */
  tls: boolean;
  /** The TLS version the proxy negotiated, e.g. `TLSv1.3`, when it says. */
  tlsVersion?: string;
}

export type ProxyHeaderParse = { status: 'incomplete' } | { status: 'invalid'; reason: string } | { status: 'complete'; header: ProxyHeader; length: number };

const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V1_PREFIX = Buffer.from('PROXY ');
/** Version 1's longest line, CRLF included (spec §2.1). */
export const V1_MAX_LENGTH = 107;
/** Far above what HAProxy sends with every SSL TLV; a longer header is refused. */
export const V2_MAX_LENGTH = 4096;

const PP2_TYPE_SSL = 0x20;
const PP2_SUBTYPE_SSL_VERSION = 0x21;
const PP2_CLIENT_SSL = 0x01;

/** Reads a header from the start of `data`; `length` is how many bytes it took. */
export function parseProxyHeader(data: Buffer): ProxyHeaderParse {
  if (startsLike(data, V2_SIGNATURE)) return parseVersion2(data);
  if (startsLike(data, V1_PREFIX)) return parseVersion1(data);
  return { status: 'invalid', reason: 'not a PROXY protocol header' };
}

/** True while `data` is a prefix of `expected` or starts with all of it. */
function startsLike(data: Buffer, expected: Buffer): boolean {
  const n = Math.min(data.length, expected.length);
  return data.subarray(0, n).equals(expected.subarray(0, n));
}

function parseVersion1(data: Buffer): ProxyHeaderParse {
  if (data.length < V1_PREFIX.length) return { status: 'incomplete' };
  const end = data.indexOf('\r\n');
  if (end === -1) return data.length >= V1_MAX_LENGTH ? { status: 'invalid', reason: 'PROXY line too long' } : { status: 'incomplete' };
  if (end + 2 > V1_MAX_LENGTH) return { status: 'invalid', reason: 'PROXY line too long' };
  const fields = data.subarray(0, end).toString('latin1').split(' ');
  const length = end + 2;
  if (fields[1] === 'UNKNOWN') return { status: 'complete', header: { version: 1, tls: false }, length };
  if (fields.length !== 6 || (fields[1] !== 'TCP4' && fields[1] !== 'TCP6')) return { status: 'invalid', reason: 'malformed PROXY line' };
  const family = fields[1] === 'TCP4' ? 4 : 6;
  const [source, destination, sourcePort, destinationPort] = fields.slice(2) as [string, string, string, string];
  const ports = [sourcePort, destinationPort].map(parsePort);
  if (net.isIP(source) !== family || net.isIP(destination) !== family) return { status: 'invalid', reason: 'bad address in PROXY line' };
  if (ports.includes(null)) return { status: 'invalid', reason: 'bad port in PROXY line' };
  return {
    status: 'complete',
    header: { version: 1, source: { address: source, port: ports[0]! }, destination: { address: destination, port: ports[1]! }, tls: false },
    length,
  };
}

function parsePort(text: string): number | null {
  if (!/^(0|[1-9][0-9]{0,4})$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

function parseVersion2(data: Buffer): ProxyHeaderParse {
  if (data.length < 16) return { status: 'incomplete' };
  const versionCommand = data[12]!;
  if (versionCommand >> 4 !== 2) return { status: 'invalid', reason: 'unsupported PROXY version' };
  const command = versionCommand & 0x0f;
  if (command > 1) return { status: 'invalid', reason: 'unknown PROXY command' };
  const length = 16 + data.readUInt16BE(14);
  if (length > V2_MAX_LENGTH) return { status: 'invalid', reason: 'PROXY header too long' };
  if (data.length < length) return { status: 'incomplete' };
  const body = data.subarray(16, length);
  const family = data[13]! >> 4;
  const transport = data[13]! & 0x0f;

  const header: ProxyHeader = { version: 2, tls: false };
  let addressBytes = 0;
  if (family === 1) addressBytes = 12;
  else if (family === 2) addressBytes = 36;
  else if (family === 3) addressBytes = 216;
  else if (family !== 0) return { status: 'invalid', reason: 'unknown PROXY address family' };
  if (body.length < addressBytes) return { status: 'invalid', reason: 'PROXY addresses cut short' };

  // LOCAL (0) is the proxy speaking for itself: the addresses are ignored (spec §2.2).
  if (command === 1 && transport === 1 && (family === 1 || family === 2)) {
    const size = family === 1 ? 4 : 16;
    const source = formatAddress(body.subarray(0, size));
    const destination = formatAddress(body.subarray(size, 2 * size));
    header.source = { address: source, port: body.readUInt16BE(2 * size) };
    header.destination = { address: destination, port: body.readUInt16BE(2 * size + 2) };
  }

  const tlvs = readTlvs(body.subarray(addressBytes));
  if (tlvs === null) return { status: 'invalid', reason: 'malformed PROXY TLV' };
  const ssl = tlvs.get(PP2_TYPE_SSL);
  if (ssl) {
    if (ssl.length < 5) return { status: 'invalid', reason: 'malformed PROXY SSL TLV' };
    header.tls = (ssl[0]! & PP2_CLIENT_SSL) !== 0;
    const sub = readTlvs(ssl.subarray(5));
    if (sub === null) return { status: 'invalid', reason: 'malformed PROXY SSL TLV' };
    const version = sub.get(PP2_SUBTYPE_SSL_VERSION);
    if (version) header.tlsVersion = version.toString('latin1');
  }
  return { status: 'complete', header, length };
}

/** Type-length-value records; null if one runs past the end. */
function readTlvs(data: Buffer): Map<number, Buffer> | null {
  const tlvs = new Map<number, Buffer>();
  let at = 0;
  while (at < data.length) {
    if (data.length - at < 3) return null;
    const type = data[at]!;
    const size = data.readUInt16BE(at + 1);
    if (at + 3 + size > data.length) return null;
    tlvs.set(type, data.subarray(at + 3, at + 3 + size));
    at += 3 + size;
  }
  return tlvs;
}

function formatAddress(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  const address = groups.join(':');
  // An IPv4 client of a dual-stack proxy is ::ffff:a.b.c.d; name it as IPv4.
  const mapped = /^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/.exec(address);
  if (mapped) {
    const high = parseInt(mapped[1]!, 16);
    const low = parseInt(mapped[2]!, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return compressIpv6(groups);
}

/** RFC 5952 text form: the longest run of two or more zero groups becomes `::`. */
function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart === -1) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}
