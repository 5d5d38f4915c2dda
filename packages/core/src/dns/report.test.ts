// The live DNS check against a real authoritative server (Debian's knotd on
// 127.0.0.1): a domain published as hinted is all ok, one published wrongly
// is wrong record by record with the reasons, one not published is missing;
// the server's SPF, address, PTR, TLSA and blocklist checks and warnings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'selfsigned';
import { generateDkimKeyPair, generateEd25519DkimKeyPair } from '../dkim-keys.ts';
import { type DnsRecordSettings, dnsRecordHints, zoneFileLines } from '../dns-records.ts';
import { type KnotServer, startKnot } from './knot-server.ts';
import { checkDomainDns, checkServerDns, type DnsCheckOptions } from './report.ts';
import { createResolver } from './resolver.ts';

const settings: DnsRecordSettings = { mailHostname: 'mail.example.net', imapsPort: 993, submissionPort: 587, smtpsPort: 465, pop3sPort: 995 };

let knot: KnotServer;
let options: DnsCheckOptions;
let keys: { rsa: { selector: string; publicKey: string; algorithm: string }; ed: { selector: string; publicKey: string; algorithm: string } };
const hintsOf = (name: string) => dnsRecordHints({ name, dkimKeys: [keys.rsa, keys.ed] }, settings);

const serverZone = ['mail.example.net. IN A 192.0.2.10', 'mail.example.net. IN TXT "v=spf1 a -all"'];

before(async () => {
  const [rsa, ed, other] = await Promise.all([generateDkimKeyPair(), generateEd25519DkimKeyPair(), generateDkimKeyPair()]);
  keys = {
    rsa: { selector: 'kontor', publicKey: rsa.publicKey, algorithm: 'rsa-sha256' },
    ed: { selector: 'kontor-ed25519', publicKey: ed.publicKey, algorithm: 'ed25519-sha256' },
  };
  const good = zoneFileLines(hintsOf('good.example.net'));
  const wrong = [
    'wrong.example.net. IN MX 10 mx.elsewhere.example.org.',
    'wrong.example.net. IN TXT "v=spf1 ip4:198.51.100.1 -all"',
    `kontor._domainkey.wrong.example.net. IN TXT "v=DKIM1; k=rsa; p=${other.publicKey.slice(0, 200)}" "${other.publicKey.slice(200)}"`,
    'kontor-ed25519._domainkey.wrong.example.net. IN TXT "v=DKIM1; k=ed25519"',
    '_dmarc.wrong.example.net. IN TXT "v=DMARC1; p=bogus"',
    '_mta-sts.wrong.example.net. IN TXT "v=STSv1; id=20240101"',
    'mta-sts.wrong.example.net. IN CNAME web.elsewhere.example.org.',
    '_smtp._tls.wrong.example.net. IN TXT "v=TLSRPTv1"',
    'autoconfig.wrong.example.net. IN A 192.0.2.10',
    'autodiscover.wrong.example.net. IN A 198.51.100.7',
    '_imaps._tcp.wrong.example.net. IN SRV 0 1 993 imap.elsewhere.example.org.',
    '_submission._tcp.wrong.example.net. IN SRV 0 1 25 mail.example.net.',
  ];
  knot = await startKnot({
    'example.net': [...serverZone, ...good, ...wrong, '_25._tcp.mail.example.net. IN TLSA 3 1 1 00112233'],
    '2.0.192.in-addr.arpa': ['10.2.0.192.in-addr.arpa. IN PTR mail.example.net.'],
    'listed.example.org': ['10.2.0.192.listed.example.org. IN A 127.0.0.2'],
    'clean.example.org': [],
  });
  options = { resolver: createResolver({ servers: [knot.server], cacheTtlMs: 0 }), settings, dnsblZones: ['clean.example.org'] };
});
after(() => knot?.stop());

const statuses = (records: Array<{ purpose: string; name: string; status: string }>) =>
  Object.fromEntries(records.map((r) => [`${r.purpose} ${r.name}`, r.status]));

describe('live DNS check', () => {
  it('finds every record of a domain published as hinted', async () => {
    const report = await checkDomainDns('good.example.net', hintsOf('good.example.net'), options);
    const bad = report.records.filter((r) => r.status !== 'ok');
    assert.deepEqual(bad, [], 'every record ok');
    assert.equal(report.ok, true);
    const spf = report.records.find((r) => r.purpose === 'spf')!;
    assert.deepEqual(spf.issues, [
      { code: 'spfLookups', values: { count: 2 } },
      { code: 'spfAuthorised', values: { ips: '192.0.2.10' } },
    ]);
    assert.equal(report.records.find((r) => r.purpose === 'dkim')?.diff, undefined, 'no difference to mark');
    assert.deepEqual(report.server.addresses, ['192.0.2.10']);
    assert.deepEqual(report.server.warnings, []);
  });

  it('says what is wrong in a domain published wrongly, and marks the differences', async () => {
    const report = await checkDomainDns('wrong.example.net', hintsOf('wrong.example.net'), options);
    assert.deepEqual(statuses(report.records), {
      'mx wrong.example.net': 'wrong',
      'spf wrong.example.net': 'wrong',
      'dkim kontor._domainkey.wrong.example.net': 'wrong',
      'dkim kontor-ed25519._domainkey.wrong.example.net': 'wrong',
      'dmarc _dmarc.wrong.example.net': 'wrong',
      'mta-sts _mta-sts.wrong.example.net': 'wrong',
      'mta-sts-host mta-sts.wrong.example.net': 'wrong',
      'tls-rpt _smtp._tls.wrong.example.net': 'wrong',
      'autoconfig autoconfig.wrong.example.net': 'ok',
      'autodiscover autodiscover.wrong.example.net': 'wrong',
      'srv _imaps._tcp.wrong.example.net': 'wrong',
      'srv _imap._tcp.wrong.example.net': 'missing',
      'srv _pop3s._tcp.wrong.example.net': 'missing',
      'srv _pop3._tcp.wrong.example.net': 'missing',
      'srv _submissions._tcp.wrong.example.net': 'missing',
      'srv _submission._tcp.wrong.example.net': 'wrong',
      'srv _autodiscover._tcp.wrong.example.net': 'missing',
    });
    assert.equal(report.ok, false);
    const find = (purpose: string) => report.records.find((r) => r.purpose === purpose)!;
    assert.deepEqual(find('mx').issues, [{ code: 'mxElsewhere', values: { hosts: 'mx.elsewhere.example.org' } }]);
    assert.deepEqual(
      find('spf').issues.find((i) => i.code === 'spfNotAuthorised'),
      { code: 'spfNotAuthorised', values: { ip: '192.0.2.10', result: 'fail' } },
    );
    const spfDiff = find('spf').diff!;
    assert.deepEqual(
      spfDiff.found.filter((p) => p.changed).map((p) => p.text),
      ['ip4:198.51.100.1'],
    );
    assert.deepEqual(
      spfDiff.expected.filter((p) => p.changed).map((p) => p.text),
      ['mx', 'a:mail.example.net'],
    );
    assert.deepEqual(find('dkim').issues, [{ code: 'dkimKeyDiffers' }]);
    assert.equal(find('dkim').found[0], `v=DKIM1; k=rsa; p=${find('dkim').found[0]!.split('p=')[1]}`, 'chunks of a long TXT joined');
    assert.deepEqual(find('dkim').diff?.found.filter((p) => p.changed).length, 1, 'only p= differs');
    assert.deepEqual(find('dmarc').issues, [{ code: 'dmarcInvalid', values: { reason: 'p=bogus is not none, quarantine or reject' } }]);
    assert.deepEqual(find('mta-sts').issues, [{ code: 'mtaStsStaleId', values: { id: '20240101' } }]);
    assert.deepEqual(find('tls-rpt').issues, [{ code: 'tlsRptInvalid' }]);
    assert.deepEqual(find('autoconfig').issues, [{ code: 'addressInsteadOfCname' }]);
    assert.deepEqual(report.records.find((r) => r.name === '_submission._tcp.wrong.example.net')?.issues, [
      { code: 'srvElsewhere', values: { targets: 'mail.example.net:25' } },
    ]);
  });

  it('calls every record of an unpublished domain missing', async () => {
    const report = await checkDomainDns('missing.example.net', hintsOf('missing.example.net'), options);
    assert.deepEqual(new Set(report.records.map((r) => r.status)), new Set(['missing']));
    assert.ok(report.records.every((r) => r.issues.length === 1 && r.issues[0]!.code === 'notPublished'));
  });

  it('checks the server: SPF of MAIL_HOSTNAME, A, forward-confirmed PTR, TLSA, blocklists', async () => {
    const server = await checkServerDns({ ...options, dnsblZones: ['clean.example.org', 'listed.example.org'], certificatePem: undefined });
    assert.deepEqual(statuses(server.records), {
      'host-spf mail.example.net': 'ok',
      'address mail.example.net': 'ok',
      'ptr 10.2.0.192.in-addr.arpa': 'ok',
    });
    assert.deepEqual(
      server.blocklists.map((b) => [b.name, b.status]),
      [
        ['10.2.0.192.clean.example.org', 'ok'],
        ['10.2.0.192.listed.example.org', 'wrong'],
      ],
    );
    assert.deepEqual(server.warnings, [{ code: 'blocklisted', values: { ip: '192.0.2.10', zone: 'listed.example.org', answer: '127.0.0.2' } }]);
  });

  it('warns of a hostname that is not public, a missing PTR, and addresses that are not this server', async () => {
    const server = await checkServerDns({ ...options, settings: { ...settings, mailHostname: 'localhost' }, publicAddresses: ['192.0.2.99'] });
    assert.deepEqual(
      server.warnings.map((w) => w.code),
      ['hostnameNotPublic', 'noPtr'],
    );
    const unresolved = await checkServerDns({ ...options, settings: { ...settings, mailHostname: 'nowhere.example.net' } });
    assert.deepEqual(unresolved.warnings, [{ code: 'hostnameUnresolved', values: { hostname: 'nowhere.example.net' } }]);
    assert.deepEqual(unresolved.addresses, []);
    const configured = await checkServerDns({ ...options, publicAddresses: ['192.0.2.99'] });
    assert.deepEqual(configured.records.find((r) => r.purpose === 'address')?.issues, [{ code: 'addressNotThisServer', values: { expected: '192.0.2.99' } }]);
    // The domain's SPF is then judged for the configured address.
    const report = await checkDomainDns('good.example.net', hintsOf('good.example.net'), options, configured);
    assert.deepEqual(
      report.records.find((r) => r.purpose === 'spf')?.issues.find((i) => i.code === 'spfNotAuthorised'),
      { code: 'spfNotAuthorised', values: { ip: '192.0.2.99', result: 'fail' } },
    );
  });

  it('compares a published TLSA record with the current key', async () => {
    const pems = await generate([{ name: 'commonName', value: 'mail.example.net' }], { keySize: 2048 });
    const server = await checkServerDns({ ...options, certificatePem: pems.cert });
    const tlsa = server.records.find((r) => r.purpose === 'tlsa')!;
    assert.equal(tlsa.status, 'wrong');
    assert.match(tlsa.value, /^3 1 1 [0-9a-f]{64}$/);
    assert.deepEqual(tlsa.found, ['3 1 1 00112233']);
    assert.equal(tlsa.optional, true);
  });
});
