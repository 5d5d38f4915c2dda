// `kontor domain dns` and `kontor domain dkim-rotate`: the records to publish
// for sending (and receiving) mail, and a DKIM key rotation, through the real
// command; the published key is the one maild signs with.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createDkimKeyring, dkimPublicKeyOf } from '@kontor/core';
import { CLI_ACTOR, createDomain, dkimSigningKey } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';

process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../apps/cli/bin/kontor.js', import.meta.url));

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
});

function kontor(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      MAIL_HOSTNAME: 'mail.example.net',
      IMAPS_PORT: '993',
      SUBMISSION_PORT: '587',
      SMTPS_PORT: '465',
      POP3S_PORT: '995',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end();
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('kontor domain dns', () => {
  it('prints every record as JSON with fully qualified names and zone-ready values', async () => {
    await kontor(['domain', 'add', 'dns.example']).then((r) => assert.equal(r.code, 0, r.stderr));
    const r = await kontor(['domain', 'dns', 'dns.example', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const records = JSON.parse(r.stdout) as Array<{ type: string; name: string; value: string }>;
    const find = (type: string, name: string) => records.find((x) => x.type === type && x.name === name)?.value;
    assert.equal(find('MX', 'dns.example'), '10 mail.example.net.');
    assert.match(find('TXT', 'dns.example') ?? '', /^v=spf1 mx a:mail\.example\.net -all$/);
    assert.match(find('TXT', '_dmarc.dns.example') ?? '', /^v=DMARC1; p=quarantine/);
    assert.equal(find('CNAME', 'autoconfig.dns.example'), 'mail.example.net.');
    assert.equal(find('CNAME', 'autodiscover.dns.example'), 'mail.example.net.');
    assert.equal(find('SRV', '_imaps._tcp.dns.example'), '0 1 993 mail.example.net.');
    assert.equal(find('SRV', '_submission._tcp.dns.example'), '10 1 587 mail.example.net.');
    assert.equal(find('SRV', '_submissions._tcp.dns.example'), '0 1 465 mail.example.net.');
    assert.equal(find('SRV', '_pop3s._tcp.dns.example'), '20 1 995 mail.example.net.');
    const dkim = find('TXT', 'kontor._domainkey.dns.example');
    assert.match(dkim ?? '', /^v=DKIM1; k=rsa; p=[A-Za-z0-9+/]+=*$/);
    assert.match(find('TXT', 'kontor-ed25519._domainkey.dns.example') ?? '', /^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
    assert.equal(find('TXT', '_smtp._tls.dns.example'), 'v=TLSRPTv1; rua=mailto:tls-reports@dns.example');
    assert.match(find('TXT', '_mta-sts.dns.example') ?? '', /^v=STSv1; id=[0-9a-f]{20}$/);
    // The published keys are the ones maild signs with.
    const signing = await dkimSigningKey(t.db, 'dns.example', { keyring: createDkimKeyring(process.env.DKIM_ENCRYPTION_KEY!), selector: 'kontor' });
    assert.equal(dkim, `v=DKIM1; k=rsa; p=${dkimPublicKeyOf(signing!.privateKeyPem)}`);
    assert.equal(find('TXT', 'kontor-ed25519._domainkey.dns.example'), `v=DKIM1; k=ed25519; p=${dkimPublicKeyOf(signing!.keys[1]!.privateKeyPem)}`);
    const table = await kontor(['domain', 'dns', 'dns.example']);
    assert.match(table.stdout, /^TYPE\s+NAME\s+VALUE\nMX\s+dns\.example\s+10 mail\.example\.net\.\n/);
  });

  it('rotates the DKIM key in two steps', async () => {
    await createDomain(t.db, CLI_ACTOR, { name: 'rotate.example' });
    const step1 = await kontor(['domain', 'dkim-rotate', 'rotate.example', '--json']);
    assert.equal(step1.code, 0, step1.stderr);
    const rotated = JSON.parse(step1.stdout) as { selector: string; created: boolean; records: Array<{ name: string; value: string }> };
    assert.equal(rotated.created, true);
    assert.deepEqual(
      rotated.records.map((r) => r.name),
      [`${rotated.selector}._domainkey.rotate.example`, `${rotated.selector}-ed25519._domainkey.rotate.example`],
    );
    let records = JSON.parse((await kontor(['domain', 'dns', 'rotate.example', '--json'])).stdout) as Array<{ name: string; value: string }>;
    assert.deepEqual(
      records.filter((r) => r.name.includes('._domainkey.')).map((r) => r.name),
      ['kontor._domainkey.rotate.example', 'kontor-ed25519._domainkey.rotate.example', ...rotated.records.map((r) => r.name)],
      'old and new selectors published side by side',
    );
    const step2 = await kontor(['domain', 'dkim-rotate', 'rotate.example', '--activate']);
    assert.equal(step2.code, 0, step2.stderr);
    assert.match(step2.stdout, new RegExp(`now signs with selector ${rotated.selector}; kontor is retired`));
    records = JSON.parse((await kontor(['domain', 'dns', 'rotate.example', '--json'])).stdout) as Array<{ name: string; value: string }>;
    assert.deepEqual(
      records.filter((r) => r.name.includes('._domainkey.')).map((r) => r.value),
      rotated.records.map((r) => r.value),
    );
    const again = await kontor(['domain', 'dkim-rotate', 'rotate.example', '--activate']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no new DKIM key waiting/);
  });
});
