import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TlsaAnswer } from '@kontor/core/dns';
import { usableTlsa, verifyDane } from './dane.ts';

let dir: string;
let ca: X509Certificate;
let leaf: X509Certificate;
let stranger: X509Certificate;

/** Certificates made by openssl: a CA, a leaf for mx.example.net it issued, a self-signed stranger. */
function openssl(args: string[]) {
  execFileSync('openssl', args, { stdio: 'ignore', cwd: dir });
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kontor-dane-unit-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test CA']);
  openssl(['req', '-new', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=mx.example.net', '-addext', 'subjectAltName=DNS:mx.example.net']);
  openssl([
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-copy_extensions',
    'copy',
    '-out',
    'leaf.pem',
  ]);
  openssl(['req', '-x509', ...ec, '-keyout', 'other.key', '-out', 'other.pem', '-days', '2', '-subj', '/CN=other']);
  const read = (f: string) => new X509Certificate(readFileSync(path.join(dir, f)));
  [ca, leaf, stranger] = [read('ca.pem'), read('leaf.pem'), read('other.pem')];
});
after(() => rmSync(dir, { recursive: true, force: true }));

const hex = (algorithm: string, data: Buffer) => createHash(algorithm).update(data).digest('hex');
const spki = (cert: X509Certificate) => cert.publicKey.export({ type: 'spki', format: 'der' });
const tlsa = (usage: number, selector: number, matchingType: number, data: string): TlsaAnswer => ({ usage, selector, matchingType, data });

describe('verifyDane (RFC 7672 §3.1)', () => {
  it('DANE-EE matches the leaf by certificate or key, exact or hashed, with no name check', () => {
    for (const record of [
      tlsa(3, 0, 0, leaf.raw.toString('hex')),
      tlsa(3, 0, 1, hex('sha256', leaf.raw)),
      tlsa(3, 1, 1, hex('sha256', spki(leaf))),
      tlsa(3, 1, 2, hex('sha512', spki(leaf))),
    ]) {
      const verdict = verifyDane([leaf, ca], [record], 'some.other.name');
      assert.deepEqual(verdict, { ok: true, matched: `DANE-EE ${record.usage} ${record.selector} ${record.matchingType}` });
    }
  });

  it('DANE-TA matches a CA in the chain, and then the leaf must name the MX host', () => {
    const record = tlsa(2, 0, 1, hex('sha256', ca.raw));
    assert.deepEqual(verifyDane([leaf, ca], [record], 'mx.example.net'), { ok: true, matched: 'DANE-TA 2 0 1' });
    const wrongName = verifyDane([leaf, ca], [record], 'mx.example.org');
    assert.equal(wrongName.ok, false);
    assert.equal(!wrongName.ok && wrongName.type, 'certificate-host-mismatch');
    // An MX alias (RFC 7672 §3.2.2): the chain's target name, or the alias, may be the one the certificate carries.
    assert.equal(verifyDane([leaf, ca], [record], ['mx.example.net', 'alias.example.org']).ok, true);
    assert.equal(verifyDane([leaf, ca], [record], ['target.example.org', 'mx.example.net']).ok, true);
    assert.equal(verifyDane([leaf, ca], [record], ['target.example.org', 'alias.example.org']).ok, false);
  });

  it('DANE-TA checks the dates of the certificate; DANE-EE does not (RFC 7672 §3.1.1)', () => {
    const later = new Date(Date.now() + 30 * 86_400_000);
    const expired = verifyDane([leaf, ca], [tlsa(2, 0, 1, hex('sha256', ca.raw))], 'mx.example.net', later);
    assert.equal(!expired.ok && expired.type, 'certificate-expired');
    assert.equal(verifyDane([leaf, ca], [tlsa(3, 1, 1, hex('sha256', spki(leaf)))], 'mx.example.net', later).ok, true);
  });

  it('DANE-TA refuses a chain whose leaf the anchor did not sign', () => {
    const verdict = verifyDane([stranger, ca], [tlsa(2, 1, 1, hex('sha256', spki(ca)))], 'other');
    assert.equal(!verdict.ok && verdict.type, 'validation-failure');
  });

  it('a certificate matching no record fails; PKIX usages are unusable for SMTP', () => {
    const verdict = verifyDane([stranger], [tlsa(3, 1, 1, hex('sha256', spki(leaf)))], 'mx.example.net');
    assert.deepEqual(verdict, { ok: false, type: 'validation-failure', reason: 'the certificate matches no TLSA record' });
    const pkix = [tlsa(1, 1, 1, hex('sha256', spki(leaf))), tlsa(0, 0, 1, hex('sha256', ca.raw))];
    assert.deepEqual(usableTlsa(pkix), []);
    assert.equal(!verifyDane([leaf, ca], pkix, 'mx.example.net').ok && 'refused', 'refused');
    assert.deepEqual(usableTlsa([tlsa(3, 2, 1, 'aa'), tlsa(3, 1, 3, 'aa'), tlsa(2, 1, 0, 'aa')]), [tlsa(2, 1, 0, 'aa')]);
  });
});
