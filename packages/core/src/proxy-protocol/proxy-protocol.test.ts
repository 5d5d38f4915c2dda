import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { ProxyHeaderError, parseNetwork, parseProxyHeader, readProxyHeader, trustedNetworks } from './index.ts';

const SIGNATURE = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');

/** A version 2 header as HAProxy writes it. */
function v2(options: { command?: number; family?: number; addresses?: Buffer; tlvs?: Buffer[] }): Buffer {
  const body = Buffer.concat([options.addresses ?? Buffer.alloc(0), ...(options.tlvs ?? [])]);
  const head = Buffer.from([0x20 | (options.command ?? 1), options.family ?? 0x11, 0, 0]);
  head.writeUInt16BE(body.length, 2);
  return Buffer.concat([SIGNATURE, head, body]);
}
function tlv(type: number, value: Buffer): Buffer {
  const head = Buffer.from([type, 0, 0]);
  head.writeUInt16BE(value.length, 1);
  return Buffer.concat([head, value]);
}
function ipv4Addresses(source: number[], destination: number[], sourcePort: number, destinationPort: number): Buffer {
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(sourcePort, 0);
  ports.writeUInt16BE(destinationPort, 2);
  return Buffer.concat([Buffer.from(source), Buffer.from(destination), ports]);
}
const sslTlv = (client: number, version: string) =>
  tlv(0x20, Buffer.concat([Buffer.from([client, 0, 0, 0, 0]), tlv(0x21, Buffer.from(version)), tlv(0x23, Buffer.from('TLS_AES_256_GCM_SHA384'))]));

describe('parseProxyHeader, version 1', () => {
  it('reads TCP4 and TCP6 lines and says how long the header was', () => {
    const line = 'PROXY TCP4 203.0.113.9 192.0.2.1 51234 993\r\n';
    const parsed = parseProxyHeader(Buffer.from(`${line}a1 CAPABILITY\r\n`));
    assert.deepEqual(parsed, {
      status: 'complete',
      length: line.length,
      header: { version: 1, source: { address: '203.0.113.9', port: 51234 }, destination: { address: '192.0.2.1', port: 993 }, tls: false },
    });
    const six = parseProxyHeader(Buffer.from('PROXY TCP6 2001:db8::9 2001:db8::1 40000 143\r\n'));
    assert.equal(six.status === 'complete' && six.header.source?.address, '2001:db8::9');
  });

  it('takes UNKNOWN as "the connection speaks for itself"', () => {
    const parsed = parseProxyHeader(Buffer.from('PROXY UNKNOWN ff ff\r\n'));
    assert.deepEqual(parsed, { status: 'complete', length: 21, header: { version: 1, tls: false } });
  });

  it('waits for more bytes, and refuses what cannot become a header', () => {
    assert.equal(parseProxyHeader(Buffer.from('PRO')).status, 'incomplete');
    assert.equal(parseProxyHeader(Buffer.from('PROXY TCP4 1.2.3.4')).status, 'incomplete');
    for (const bad of [
      'a1 LOGIN x y\r\n',
      'PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n',
      'PROXY TCP4 ::1 5.6.7.8 1 2\r\n',
      'PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n',
      'PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n',
      'PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n',
      'PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n',
      `PROXY TCP4 ${'1'.repeat(120)}`,
    ]) {
      assert.equal(parseProxyHeader(Buffer.from(bad)).status, 'invalid', bad);
    }
  });
});

describe('parseProxyHeader, version 2', () => {
  it('reads an IPv4 PROXY header with the SSL TLV', () => {
    const header = v2({ addresses: ipv4Addresses([198, 51, 100, 7], [10, 0, 0, 2], 50000, 993), tlvs: [tlv(0x04, Buffer.alloc(3)), sslTlv(0x07, 'TLSv1.3')] });
    const parsed = parseProxyHeader(Buffer.concat([header, Buffer.from('a1 NOOP\r\n')]));
    assert.deepEqual(parsed, {
      status: 'complete',
      length: header.length,
      header: {
        version: 2,
        source: { address: '198.51.100.7', port: 50000 },
        destination: { address: '10.0.0.2', port: 993 },
        tls: true,
        tlsVersion: 'TLSv1.3',
      },
    });
  });

  it('reads IPv6 addresses, naming a mapped IPv4 client as IPv4', () => {
    const addresses = Buffer.alloc(36);
    Buffer.from('20010db8000000000000000000000009', 'hex').copy(addresses, 0);
    Buffer.from('00000000000000000000ffffc0000201', 'hex').copy(addresses, 16);
    addresses.writeUInt16BE(1234, 32);
    addresses.writeUInt16BE(143, 34);
    const parsed = parseProxyHeader(v2({ family: 0x21, addresses }));
    assert.ok(parsed.status === 'complete');
    assert.deepEqual(parsed.header.source, { address: '2001:db8::9', port: 1234 });
    assert.deepEqual(parsed.header.destination, { address: '192.0.2.1', port: 143 });
    assert.equal(parsed.header.tls, false);
  });

  it('ignores the addresses of LOCAL (a health check) and of non-TCP families', () => {
    const local = parseProxyHeader(v2({ command: 0, addresses: ipv4Addresses([1, 2, 3, 4], [5, 6, 7, 8], 1, 2) }));
    assert.deepEqual(local.status === 'complete' && local.header, { version: 2, tls: false });
    const unix = parseProxyHeader(v2({ family: 0x31, addresses: Buffer.alloc(216) }));
    assert.deepEqual(unix.status === 'complete' && unix.header, { version: 2, tls: false });
  });

  it('does not take an SSL TLV without the client bit as TLS', () => {
    const parsed = parseProxyHeader(v2({ addresses: ipv4Addresses([1, 2, 3, 4], [5, 6, 7, 8], 1, 2), tlvs: [sslTlv(0x00, 'TLSv1.3')] }));
    assert.equal(parsed.status === 'complete' && parsed.header.tls, false);
  });

  it('waits for the whole header, and refuses malformed ones', () => {
    const good = v2({ addresses: ipv4Addresses([1, 2, 3, 4], [5, 6, 7, 8], 1, 2), tlvs: [sslTlv(1, 'TLSv1.2')] });
    for (let cut = 1; cut < good.length; cut++) assert.equal(parseProxyHeader(good.subarray(0, cut)).status, 'incomplete', `cut at ${cut}`);
    const wrongVersion = Buffer.from(good);
    wrongVersion[12] = 0x31;
    const wrongCommand = Buffer.from(good);
    wrongCommand[12] = 0x22;
    const wrongFamily = Buffer.from(good);
    wrongFamily[13] = 0x41;
    const huge = Buffer.from(good);
    huge.writeUInt16BE(60000, 14);
    const shortAddresses = v2({ addresses: Buffer.alloc(6) });
    const brokenTlv = v2({ addresses: ipv4Addresses([1, 2, 3, 4], [5, 6, 7, 8], 1, 2), tlvs: [Buffer.from([0x20, 0, 9, 1])] });
    for (const bad of [wrongVersion, wrongCommand, wrongFamily, huge, shortAddresses, brokenTlv]) assert.equal(parseProxyHeader(bad).status, 'invalid');
  });

  it('never throws on random or truncated input', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const good = v2({ addresses: ipv4Addresses([1, 2, 3, 4], [5, 6, 7, 8], 1, 2), tlvs: [sslTlv(1, 'TLSv1.3')] });
    for (let i = 0; i < 5000; i++) {
      const input = Buffer.from(i % 2 === 0 ? good : Buffer.from('PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n'));
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) input[Math.floor(random() * input.length)] = Math.floor(random() * 256);
      const parsed = parseProxyHeader(input.subarray(0, Math.floor(random() * (input.length + 1))));
      assert.ok(['incomplete', 'invalid', 'complete'].includes(parsed.status));
    }
  });
});

describe('readProxyHeader', () => {
  async function pair(): Promise<{ client: net.Socket; server: net.Socket; close: () => void }> {
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
    const client = net.connect((listener.address() as net.AddressInfo).port, '127.0.0.1');
    const server = await accepted;
    return {
      client,
      server,
      close: () => {
        client.destroy();
        server.destroy();
        listener.close();
      },
    };
  }

  it('leaves the bytes after the header to the session, however the header is split', async () => {
    const { client, server, close } = await pair();
    const header = v2({ addresses: ipv4Addresses([198, 51, 100, 7], [10, 0, 0, 2], 50000, 143), tlvs: [sslTlv(1, 'TLSv1.3')] });
    const reading = readProxyHeader(server);
    client.write(header.subarray(0, 5));
    await new Promise((r) => setTimeout(r, 20));
    client.write(Buffer.concat([header.subarray(5), Buffer.from('a1 CAPABILITY\r\n')]));
    const result = await reading;
    assert.equal(result.source?.address, '198.51.100.7');
    assert.equal(result.tls, true);
    const rest = await new Promise<string>((resolve) => server.once('data', (d: Buffer) => resolve(d.toString())));
    assert.equal(rest, 'a1 CAPABILITY\r\n');
    close();
  });

  it('rejects garbage, a silent peer and a hang-up', async () => {
    const garbage = await pair();
    const reading = readProxyHeader(garbage.server);
    garbage.client.write('a1 LOGIN alice secret\r\n');
    await assert.rejects(reading, ProxyHeaderError);
    garbage.close();

    const silent = await pair();
    await assert.rejects(readProxyHeader(silent.server, { timeoutMs: 50 }), /in time/);
    silent.close();

    const gone = await pair();
    const waiting = readProxyHeader(gone.server);
    gone.client.end('PROXY TCP4');
    await assert.rejects(waiting, /closed before/);
    gone.close();
  });
});

describe('trustedNetworks', () => {
  it('matches single addresses and networks of both families, and mapped IPv4 peers', () => {
    const trusted = trustedNetworks(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    assert.ok(trusted('127.0.0.1'));
    assert.ok(trusted('::ffff:10.20.30.40'));
    assert.ok(trusted('fd12::1'));
    assert.ok(!trusted('127.0.0.2'));
    assert.ok(!trusted('192.0.2.1'));
    assert.ok(!trusted(undefined));
    assert.ok(!trustedNetworks([])('127.0.0.1'));
  });

  it('parses entries strictly', () => {
    assert.deepEqual(parseNetwork('10.0.0.0/8'), { address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    assert.deepEqual(parseNetwork('::1'), { address: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0.0/8/8', '1.2.3.4/x', '']) assert.equal(parseNetwork(bad), null, bad);
  });
});
