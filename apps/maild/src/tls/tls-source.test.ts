// The reload trigger behind SIGHUP and the file watch: a good new pair
// replaces the old for new handshakes, a bad one leaves it in place.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { createLogger, secureServerSocket } from '@kontor/core';
import { createTlsSource, type IssuedPair, type TlsSource } from './tls-source.ts';

let dir: string;
let source: TlsSource;
const certFile = () => path.join(dir, 'cert.pem');
const keyFile = () => path.join(dir, 'key.pem');

function makePair(name: string): { cert: Buffer; key: Buffer } {
  const out = path.join(dir, name);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${out}-key.pem`, '-out', `${out}-cert.pem`, '-days', '2', '-subj', `/CN=${name}`],
    {
      stdio: 'ignore',
    },
  );
  return { cert: readFileSync(`${out}-cert.pem`), key: readFileSync(`${out}-key.pem`) };
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kontor-tls-source-'));
  const first = makePair('first');
  writeFileSync(certFile(), first.cert);
  writeFileSync(keyFile(), first.key);
  // A long debounce: these tests drive reload() themselves, as SIGHUP does.
  source = await createTlsSource(
    { TLS_CERT_FILE: certFile(), TLS_KEY_FILE: keyFile(), DATA_DIR: dir, MAIL_HOSTNAME: 'localhost' },
    { log: createLogger('tls', 'silent'), debounceMs: 3_600_000 },
  );
});
after(() => {
  source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('TlsSource.reload', () => {
  it('without a change keeps the context and says so', async () => {
    const context = source.secureContext();
    assert.equal(await source.reload('SIGHUP'), false);
    assert.equal(source.secureContext(), context);
  });

  it('a key that does not fit the new certificate keeps the old pair', async () => {
    const before = source.certificate;
    const context = source.secureContext();
    writeFileSync(certFile(), makePair('second').cert);
    assert.equal(await source.reload('SIGHUP'), false);
    assert.equal(source.certificate, before);
    assert.equal(source.secureContext(), context);
  });

  it('a new matching pair replaces the old and tells onReload listeners', async () => {
    const third = makePair('third');
    const seen: Buffer[] = [];
    source.onReload((certificate) => seen.push(certificate.cert));
    writeFileSync(keyFile(), third.key);
    writeFileSync(certFile(), third.cert);
    const context = source.secureContext();
    assert.equal(await source.reload('SIGHUP'), true);
    assert.notEqual(source.secureContext(), context);
    assert.deepEqual(source.certificate.cert, third.cert);
    assert.deepEqual(seen, [third.cert]);
  });
});

describe('automatic certificates by SNI', () => {
  let issuedDir: string;
  let issued: IssuedPair[] = [];
  let sni: TlsSource;
  let server: net.Server;
  let port: number;

  const pairFor = (names: string[]): IssuedPair => {
    const out = path.join(issuedDir, names[0] ?? 'x');
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${out}-key.pem`,
      '-out',
      `${out}-cert.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${names[0]}`,
      '-addext',
      `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
    ]);
    return { names, cert: readFileSync(`${out}-cert.pem`), key: readFileSync(`${out}-key.pem`) };
  };

  /** The serial a client asking for `servername` (or none) is shown, through the listeners' own socket wrapper. */
  const servedSerial = (servername?: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...(servername ? { servername } : {}) }, () => {
        const serial = socket.getPeerCertificate().serialNumber;
        socket.end();
        resolve(serial);
      });
      socket.on('error', reject);
    });

  before(async () => {
    issuedDir = mkdtempSync(path.join(tmpdir(), 'kontor-tls-sni-'));
    issued = [pairFor(['mail.example.test']), pairFor(['mta-sts.example.test', 'autoconfig.example.test'])];
    sni = await createTlsSource(
      { TLS_CERT_FILE: undefined, TLS_KEY_FILE: undefined, DATA_DIR: issuedDir, MAIL_HOSTNAME: 'mail.example.test' },
      { log: createLogger('tls', 'silent'), loadIssued: async () => issued },
    );
    server = net.createServer((socket) => {
      const secured = secureServerSocket(socket, sni.secureContext(), sni.sniCallback);
      secured.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  after(() => {
    sni.close();
    server.close();
    rmSync(issuedDir, { recursive: true, force: true });
  });

  const serialOf = (pair: IssuedPair | undefined) => new X509Certificate(pair?.cert ?? '').serialNumber;

  it('each name gets its own certificate; MAIL_HOSTNAME’s is the default', async () => {
    assert.equal(sni.certificate.selfSigned, false);
    assert.equal(await servedSerial('mail.example.test'), serialOf(issued[0]));
    assert.equal(await servedSerial('autoconfig.example.test'), serialOf(issued[1]));
    assert.equal(await servedSerial('MTA-STS.example.test'), serialOf(issued[1]));
    assert.equal(await servedSerial('other.example.test'), serialOf(issued[0]));
    assert.equal(await servedSerial(), serialOf(issued[0]));
  });

  it('a renewed certificate is served after reload; a broken one keeps the previous', async () => {
    const before = serialOf(issued[1]);
    const renewed = pairFor(['mta-sts.example.test', 'autoconfig.example.test']);
    issued = [issued[0] as IssuedPair, { ...renewed, key: (issued[0] as IssuedPair).key }];
    assert.equal(await sni.reload('test'), false);
    assert.equal(await servedSerial('mta-sts.example.test'), before);
    issued = [issued[0] as IssuedPair, renewed];
    assert.equal(await sni.reload('test'), true);
    assert.equal(await servedSerial('mta-sts.example.test'), serialOf(renewed));
    assert.equal(sni.serialFor('autoconfig.example.test'), serialOf(renewed));
  });
});
