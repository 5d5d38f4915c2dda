import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDkimKeyring } from '@kontor/core';
import { CLI_ACTOR, createAlias, createDomain, createMailbox, resolveRecipient } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { withReportAddresses } from './report-addresses.ts';

const dkim = { keyring: createDkimKeyring('report test key'), selector: 'kontor' };
let t: TestDatabase;
let postmasterId: number;
before(async () => {
  t = await createTestDatabase();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'reports.example' }, { dkim });
  await createDomain(t.db, CLI_ACTOR, { name: 'bare.example' }, { dkim });
  postmasterId = (await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'postmaster', password: 'correct horse battery' })).id;
  await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: 'correct horse battery' });
  await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'tls-reports', destinations: 'anna@reports.example' });
});
after(() => t?.drop());

describe('report addresses', () => {
  const resolve = withReportAddresses(resolveRecipient);

  it('delivers dmarc-reports@ to postmaster@ of the domain when it is nobody of its own', async () => {
    const r = await resolve(t.db, 'DMARC-Reports@reports.example');
    assert.equal(r.kind, 'deliver');
    assert.deepEqual(r.kind === 'deliver' && r.mailboxes.map((m) => m.mailboxId), [postmasterId]);
  });

  it('leaves an alias or mailbox of that name, other addresses and domains without postmaster alone', async () => {
    const tls = await resolve(t.db, 'tls-reports@reports.example');
    assert.equal(tls.kind === 'deliver' && tls.mailboxes.length, 1);
    assert.notEqual(tls.kind === 'deliver' && tls.mailboxes[0]?.mailboxId, postmasterId);
    assert.equal((await resolve(t.db, 'nobody@reports.example')).kind, 'unknown');
    assert.equal((await resolve(t.db, 'dmarc-reports@bare.example')).kind, 'unknown');
  });
});
