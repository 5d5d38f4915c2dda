// Outgoing mail carries two DKIM signatures, RSA on top and Ed25519 below,
// and both verify (mailauth) against the records the DNS tab publishes.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createDkimKeyring } from '@kontor/core';
import { createStaticResolver } from '@kontor/core/dns';
import { CLI_ACTOR, createDomain, domainDnsRecords } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { dkimVerify } from 'mailauth';
import { forMailauth } from '../dns/resolver.ts';
import { DkimSigner } from './dkim-signer.ts';

const dkim = { keyring: createDkimKeyring('signer test key'), selector: 'kontor' };
const settings = { mailHostname: 'mail.example.net', imapsPort: 993, submissionPort: 587, smtpsPort: 465, pop3sPort: 995 };
let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  await createDomain(t.db, CLI_ACTOR, { name: 'signed.example' }, { dkim });
});
after(() => t?.drop());

describe('DkimSigner', () => {
  it('signs with the RSA and the Ed25519 key, RSA first, both verifiable', async () => {
    const message = Buffer.from(
      'From: Anna <anna@signed.example>\r\nTo: bob@remote.test\r\nSubject: two signatures\r\nDate: Thu, 03 Dec 2026 12:00:00 +0000\r\n\r\nHello.\r\n',
    );
    const { header, selector } = await new DkimSigner(t.db, dkim).signature('signed.example', Readable.from([message]));
    assert.equal(selector, 'kontor');
    const fields = header.split(/\r\n(?=DKIM-Signature:)/);
    assert.equal(fields.length, 2);
    assert.match(fields[0]!, /a=rsa-sha256/);
    assert.match(fields[0]!, /s=kontor;/);
    assert.match(fields[1]!, /a=ed25519-sha256/);
    assert.match(fields[1]!, /s=kontor-ed25519;/);
    const records = await domainDnsRecords(t.db, CLI_ACTOR, 'signed.example', settings, dkim);
    const resolver = createStaticResolver(Object.fromEntries(records.filter((r) => r.purpose === 'dkim').map((r) => [`TXT:${r.name}`, [[r.value]]])));
    const verified = await dkimVerify(Buffer.concat([Buffer.from(header), message]), { resolver: forMailauth(resolver) });
    assert.deepEqual(
      verified.results.map((r) => `${r.signingDomain} ${r.selector} ${r.status.result}`),
      ['signed.example kontor pass', 'signed.example kontor-ed25519 pass'],
    );
  });

  it('signs nothing for a domain that is not hosted here', async () => {
    assert.deepEqual(await new DkimSigner(t.db, dkim).signature('elsewhere.example', Readable.from([Buffer.from('Subject: x\r\n\r\n')])), { header: '' });
  });
});
