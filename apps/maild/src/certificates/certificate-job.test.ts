// The certificate job's own rules, over real PostgreSQL and Redis, with an
// issuer that makes real certificates with openssl (the CA side is
// exercised against pebble in tests/e2e/acme.test.ts): one run at a time
// across instances, keys stored encrypted, failures backed off and
// reported once, renew now honoured.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDkimKeyring, createLogger } from '@kontor/core';
import { CLI_ACTOR, createDomain } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Redis } from 'ioredis';
import type { Issued } from './acme-issuer.ts';
import { type CertificateJobDeps, runCertificateJob } from './certificate-job.ts';

let t: TestDatabase;
let redis: Redis;
let dir: string;
const keyring = createDkimKeyring('certificate job test key');

function makeIssued(names: readonly string[]): Issued {
  const out = path.join(dir, randomBytes(4).toString('hex'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${out}.key`,
      '-out',
      `${out}.crt`,
      '-days',
      '90',
      '-subj',
      `/CN=${names[0]}`,
      '-addext',
      `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
    ],
    { stdio: 'ignore' },
  );
  const certPem = readFileSync(`${out}.crt`, 'utf8');
  const leaf = new X509Certificate(certPem);
  return {
    certPem,
    keyPem: readFileSync(`${out}.key`, 'utf8'),
    serial: leaf.serialNumber,
    issuer: 'Test CA',
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
  };
}

function deps(overrides: Partial<CertificateJobDeps> = {}): CertificateJobDeps & { alerts: string[]; announced: number } {
  const state = { alerts: [] as string[], announced: 0 };
  return Object.assign(state, {
    db: t.db,
    redis,
    redisPrefix: `kontor-certjob-${t.name}`,
    keyring,
    issue: async (names: readonly string[]) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return makeIssued(names);
    },
    alert: async (_row: unknown, error: string) => void state.alerts.push(error),
    announce: async () => void state.announced++,
    mailHostname: 'mail.kontor.example',
    renewDays: 30,
    log: createLogger('certificates', 'silent'),
    ...overrides,
  });
}

before(async () => {
  t = await createTestDatabase();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  dir = mkdtempSync(path.join(tmpdir(), 'kontor-certjob-'));
  await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
});
after(async () => {
  await redis.quit();
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('runCertificateJob', () => {
  it('two instances at once: one runs, the other skips; both name sets issued, keys encrypted, announced once', async () => {
    const first = deps();
    const second = deps();
    const [a, b] = await Promise.all([runCertificateJob(first), runCertificateJob(second)]);
    assert.deepEqual([a.skipped, b.skipped].sort(), [false, true]);
    const ran = a.skipped ? b : a;
    assert.deepEqual(ran.issued, [['mail.kontor.example'], ['mta-sts.shop.example', 'autoconfig.shop.example']]);
    assert.equal(first.announced + second.announced, 1);
    const rows = await t.db.tlsCertificate.findMany({ orderBy: { id: 'asc' } });
    for (const row of rows) {
      assert.ok(row.keyEncrypted && !row.keyEncrypted.includes('PRIVATE KEY'));
      assert.match(keyring.decrypt(row.keyEncrypted), /BEGIN PRIVATE KEY/);
    }
    // Nothing is due now: a second run orders nothing.
    assert.deepEqual((await runCertificateJob(deps())).issued, []);
  });

  it('a failure keeps the certificate, backs off, and alerts once; renew now tries again at once', async () => {
    const before = await t.db.tlsCertificate.findUniqueOrThrow({ where: { nameSet: 'mail.kontor.example' } });
    const failing = deps({
      issue: async () => {
        throw new Error('urn:ietf:params:acme:error:connection: refused');
      },
    });
    // What the panel's renew now leaves (packages/db requestRenewal, tested there).
    await t.db.tlsCertificate.update({ where: { id: before.id }, data: { renewRequestedAt: new Date() } });
    const result = await runCertificateJob(failing);
    assert.deepEqual(result.failed, [['mail.kontor.example']]);
    assert.deepEqual(failing.alerts, ['urn:ietf:params:acme:error:connection: refused']);
    const after = await t.db.tlsCertificate.findUniqueOrThrow({ where: { id: before.id } });
    assert.equal(after.certPem, before.certPem);
    assert.equal(after.failures, 1);
    assert.ok(after.nextAttemptAt.getTime() > Date.now() + 10 * 60_000);
    assert.equal(after.renewRequestedAt, null);

    // Backed off: the next run leaves it alone.
    assert.deepEqual((await runCertificateJob(failing)).failed, []);
    // Renew now: tried again at once; the admins were told today already.
    await t.db.tlsCertificate.update({ where: { id: before.id }, data: { renewRequestedAt: new Date() } });
    assert.deepEqual((await runCertificateJob(failing)).failed, [['mail.kontor.example']]);
    assert.equal(failing.alerts.length, 1);

    // And a success clears the error.
    assert.deepEqual((await runCertificateJob(deps({}))).issued, []);
    await t.db.tlsCertificate.update({ where: { id: before.id }, data: { renewRequestedAt: new Date() } });
    assert.deepEqual((await runCertificateJob(deps())).issued, [['mail.kontor.example']]);
    const renewed = await t.db.tlsCertificate.findUniqueOrThrow({ where: { id: before.id } });
    assert.equal(renewed.lastError, null);
    assert.equal(renewed.failures, 0);
    assert.notEqual(renewed.serial, before.serial);
  });
});
