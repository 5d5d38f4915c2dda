import { createSocket } from 'node:dgram';
import { connect, isIP } from 'node:net';
import dnsPacket from 'dns-packet';

/**
 * One DNS question asked with dns-packet, for what node:dns cannot give:
 * record types it lacks (TLSA) and the AD bit of a validating resolver
 * (RFC 4035 §3.2.3). The query sets AD itself (RFC 6840 §5.7), so the
 * resolver reports whether it validated the answer, and EDNS0 for answers
 * over 512 octets; a truncated reply is asked again over TCP (RFC 7766).
 */
export interface RawAnswer {
  /** RCODE (RFC 1035 §4.1.1): 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED. */
  rcode: number;
  /** The resolver validated the answer with DNSSEC (AD bit). */
  authenticated: boolean;
  answers: dnsPacket.Answer[];
}

const AUTHENTIC_DATA = 1 << 5;
const TRUNCATED = 1 << 9;

/** `host:port`, `[v6]:port` or a bare address, as node:dns's getServers() and DNS_SERVERS give them. */
export function serverAddress(server: string): { address: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed) return { address: bracketed[1]!, port: Number(bracketed[2] ?? 53) };
  if (isIP(server)) return { address: server, port: 53 };
  const [address, port] = server.split(':');
  return { address: address!, port: Number(port ?? 53) };
}

export function dnsQueryError(code: string, name: string): Error & { code: string } {
  return Object.assign(new Error(`${code} ${name}`), { code });
}

/** Asks one server; throws ETIMEOUT or a socket error when it does not answer. */
export async function rawQuery(server: string, name: string, type: dnsPacket.RecordType, timeoutMs: number): Promise<RawAnswer> {
  const { address, port } = serverAddress(server);
  const query: dnsPacket.Packet = {
    type: 'query',
    id: Math.floor(Math.random() * 65_535),
    flags: dnsPacket.RECURSION_DESIRED | AUTHENTIC_DATA,
    questions: [{ type, name }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  };
  let reply = dnsPacket.decode(await udpQuery(address, port, dnsPacket.encode(query), timeoutMs));
  if ((reply.flags ?? 0) & TRUNCATED) reply = dnsPacket.decode(await tcpQuery(address, port, dnsPacket.encode(query), timeoutMs));
  if (reply.id !== query.id) throw dnsQueryError('EBADRESP', name);
  const flags = reply.flags ?? 0;
  return { rcode: flags & 0xf, authenticated: (flags & AUTHENTIC_DATA) !== 0, answers: reply.answers ?? [] };
}

function udpQuery(address: string, port: number, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(dnsQueryError('ETIMEOUT', address));
    }, timeoutMs);
    socket.once('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(message);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.send(query, port, address);
  });
}

/** DNS over TCP: each message with a two-octet length in front (RFC 1035 §4.2.2). */
function tcpQuery(address: string, port: number, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    let received = Buffer.alloc(0);
    const finish = (error: Error | null, reply?: Buffer) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply!);
    };
    const timer = setTimeout(() => finish(dnsQueryError('ETIMEOUT', address)), timeoutMs);
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) finish(null, received.subarray(2, 2 + received.readUInt16BE(0)));
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(dnsQueryError('ECONNRESET', address)));
  });
}
