import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dnsRecordHints, zoneFileLines } from './dns-records.ts';

describe('DNS record hints', () => {
  const records = dnsRecordHints(
    { name: 'example.com', dkimKeys: [{ selector: 'kontor', publicKey: `MIIB${'A'.repeat(300)}` }] },
    { mailHostname: 'mail.example.net', imapsPort: 993, submissionPort: 587, smtpsPort: 465, pop3sPort: 995 },
  );
  const find = (type: string, name: string) => records.find((r) => r.type === type && r.name === name)?.value;

  it('lists MX, SPF, DKIM, DMARC, autoconfig and RFC 6186 SRV records', () => {
    assert.equal(find('MX', 'example.com'), '10 mail.example.net.');
    assert.equal(find('TXT', 'example.com'), 'v=spf1 mx a:mail.example.net -all');
    assert.match(find('TXT', 'kontor._domainkey.example.com') ?? '', /^v=DKIM1; k=rsa; p=MIIBA+$/);
    assert.match(find('TXT', '_dmarc.example.com') ?? '', /^v=DMARC1; p=/);
    assert.equal(find('CNAME', 'autoconfig.example.com'), 'mail.example.net.');
    assert.equal(find('CNAME', 'autodiscover.example.com'), 'mail.example.net.');
    assert.equal(find('SRV', '_imaps._tcp.example.com'), '0 1 993 mail.example.net.');
    assert.equal(find('SRV', '_submission._tcp.example.com'), '0 1 587 mail.example.net.');
    assert.equal(find('SRV', '_pop3s._tcp.example.com'), '0 1 995 mail.example.net.');
    for (const r of records) assert.deepEqual(Object.keys(r).sort(), ['name', 'type', 'value']);
  });

  it('writes zone file lines with long TXT values split into strings', () => {
    const line = zoneFileLines(records).find((l) => l.startsWith('kontor._domainkey'))!;
    assert.match(line, /^kontor\._domainkey\.example\.com\.\t3600\tIN\tTXT\t"v=DKIM1; k=rsa; p=MIIB[A]+" "A+"$/);
  });
});
