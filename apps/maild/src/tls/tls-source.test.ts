// The reload trigger behind SIGHUP and the file watch: a good new pair
// replaces the old for new handshakes, a bad one leaves it in place.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@kontor/core';
import { createTlsSource, type TlsSource } from './tls-source.ts';

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
