import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dnsRecordHints, domainMtaStsPolicy, serverDnsRecordHints, zoneFileLines } from './dns-records.ts';

describe('DNS record hints', () => {
  const settings = { mailHostname: 'mail.example.net', imapsPort: 993, submissionPort: 587, smtpsPort: 465, pop3sPort: 995 };
  const records = dnsRecordHints(
    {
      name: 'example.com',
      dkimKeys: [
        { selector: 'kontor', publicKey: `MIIB${'A'.repeat(300)}` },
        { selector: 'kontor-ed25519', publicKey: 'B'.repeat(43), algorithm: 'ed25519-sha256' },
      ],
    },
    settings,
  );
  const find = (type: string, name: string) => records.find((r) => r.type === type && r.name === name)?.value;

  it('lists MX, SPF, both DKIM keys, DMARC, MTA-STS, TLS-RPT, autoconfig and RFC 6186 SRV records', () => {
    assert.equal(find('MX', 'example.com'), '10 mail.example.net.');
    assert.equal(find('TXT', 'example.com'), 'v=spf1 mx a:mail.example.net -all');
    assert.match(find('TXT', 'kontor._domainkey.example.com') ?? '', /^v=DKIM1; k=rsa; p=MIIBA+$/);
    assert.equal(find('TXT', 'kontor-ed25519._domainkey.example.com'), `v=DKIM1; k=ed25519; p=${'B'.repeat(43)}`);
    assert.equal(find('TXT', '_dmarc.example.com'), 'v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:dmarc-reports@example.com');
    assert.equal(find('TXT', '_mta-sts.example.com'), `v=STSv1; id=${domainMtaStsPolicy(settings).id}`);
    assert.equal(find('CNAME', 'mta-sts.example.com'), 'mail.example.net.');
    assert.equal(find('TXT', '_smtp._tls.example.com'), 'v=TLSRPTv1; rua=mailto:tls-reports@example.com');
    assert.equal(find('CNAME', 'autoconfig.example.com'), 'mail.example.net.');
    assert.equal(find('CNAME', 'autodiscover.example.com'), 'mail.example.net.');
    assert.equal(find('SRV', '_imaps._tcp.example.com'), '0 1 993 mail.example.net.');
    assert.equal(find('SRV', '_imap._tcp.example.com'), '10 1 143 mail.example.net.');
    assert.equal(find('SRV', '_pop3s._tcp.example.com'), '20 1 995 mail.example.net.');
    assert.equal(find('SRV', '_pop3._tcp.example.com'), '30 1 110 mail.example.net.');
    assert.equal(find('SRV', '_submissions._tcp.example.com'), '0 1 465 mail.example.net.');
    assert.equal(find('SRV', '_submission._tcp.example.com'), '10 1 587 mail.example.net.');
    assert.equal(find('SRV', '_autodiscover._tcp.example.com'), '0 0 443 mail.example.net.');
    assert.deepEqual(
      records.filter((r) => r.optional).map((r) => r.purpose),
      Array(7).fill('srv'),
      'only the SRV records are optional',
    );
  });

  it('makes the MTA-STS records optional when the mode is none, and the id follow the policy', () => {
    const none = dnsRecordHints({ name: 'example.com', dkimKeys: [], mtaStsMode: 'none' }, settings);
    assert.deepEqual(
      none.filter((r) => r.purpose.startsWith('mta-sts')).map((r) => r.optional),
      [true, true],
    );
    const ids = new Set(
      [domainMtaStsPolicy(settings, 'testing'), domainMtaStsPolicy(settings, 'enforce'), domainMtaStsPolicy({ ...settings, mtaStsMaxAgeSeconds: 86400 })].map(
        (p) => p.id,
      ),
    );
    assert.equal(ids.size, 3, 'a new id for each policy');
    assert.equal(domainMtaStsPolicy(settings).id, domainMtaStsPolicy(settings).id, 'the same policy keeps its id');
  });

  it("lists the server's SPF, addresses, PTR and TLSA", () => {
    const server = serverDnsRecordHints(settings, ['192.0.2.10', '2001:db8::25'], '3 1 1 ab');
    assert.deepEqual(
      server.map((r) => `${r.type} ${r.name} ${r.value}`),
      [
        'TXT mail.example.net v=spf1 a -all',
        'A mail.example.net 192.0.2.10',
        'AAAA mail.example.net 2001:db8::25',
        'PTR 10.2.0.192.in-addr.arpa mail.example.net.',
        'PTR 5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa mail.example.net.',
        'TLSA _25._tcp.mail.example.net 3 1 1 ab',
      ],
    );
  });

  it('writes zone file lines with long TXT values split into strings', () => {
    const line = zoneFileLines(records).find((l) => l.startsWith('kontor._domainkey'))!;
    assert.match(line, /^kontor\._domainkey\.example\.com\.\t3600\tIN\tTXT\t"v=DKIM1; k=rsa; p=MIIB[A]+" "A+"$/);
  });
});
