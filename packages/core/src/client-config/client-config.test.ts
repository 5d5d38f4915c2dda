import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { autoconfigXml, autodiscoverRequestAddress, autodiscoverXml, type MailServerSettings, mobileconfigProfile } from './index.ts';

const SETTINGS: MailServerSettings = { hostname: 'mail.example.net', imaps: 993, imap: 143, pop3s: 995, pop3: 110, smtps: 465, submission: 587 };

/** The text of every <tag> directly inside each <parent> element, in order. */
function elements(xml: string, parent: string): Array<Record<string, string>> {
  return [...xml.matchAll(new RegExp(`<${parent}(?: [^>]*)?>([\\s\\S]*?)</${parent}>`, 'g'))].map((m) => {
    const fields: Record<string, string> = {};
    for (const f of m[1]!.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) fields[f[1]!] = f[2]!;
    const type = /type="(\w+)"/.exec(m[0])?.[1];
    if (type) fields.type = type;
    return fields;
  });
}

describe('Thunderbird autoconfig', () => {
  const xml = autoconfigXml(SETTINGS, { name: 'xn--bcher-kva.example', unicodeName: 'bücher.example' });
  it('is well-formed XML (python parses it)', () => {
    execFileSync('/usr/bin/python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())'], { input: xml });
  });
  it('lists IMAP, POP3 and SMTP with the fields Thunderbird reads, implicit TLS first', () => {
    assert.match(xml, /<emailProvider id="xn--bcher-kva\.example">/);
    assert.match(xml, /<domain>xn--bcher-kva\.example<\/domain>/);
    const incoming = elements(xml, 'incomingServer');
    assert.deepEqual(
      incoming.map((s) => [s.type, s.hostname, s.port, s.socketType, s.authentication, s.username]),
      [
        ['imap', 'mail.example.net', '993', 'SSL', 'password-cleartext', '%EMAILADDRESS%'],
        ['imap', 'mail.example.net', '143', 'STARTTLS', 'password-cleartext', '%EMAILADDRESS%'],
        ['pop3', 'mail.example.net', '995', 'SSL', 'password-cleartext', '%EMAILADDRESS%'],
        ['pop3', 'mail.example.net', '110', 'STARTTLS', 'password-cleartext', '%EMAILADDRESS%'],
      ],
    );
    const outgoing = elements(xml, 'outgoingServer');
    assert.deepEqual(
      outgoing.map((s) => [s.type, s.port, s.socketType]),
      [
        ['smtp', '465', 'SSL'],
        ['smtp', '587', 'STARTTLS'],
      ],
    );
  });
});

describe('Outlook autodiscover', () => {
  it('reads the address from the request', () => {
    const request = `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request><EMailAddress>info@example.com</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>`;
    assert.equal(autodiscoverRequestAddress(request), 'info@example.com');
    assert.equal(autodiscoverRequestAddress('<nothing/>'), null);
  });
  it('answers IMAP, POP3 and SMTP settings over TLS', () => {
    const xml = autodiscoverXml(SETTINGS, 'info@example.com');
    execFileSync('/usr/bin/python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())'], { input: xml });
    const protocols = elements(xml, 'Protocol');
    assert.deepEqual(
      protocols.map((p) => [p.Type, p.Server, p.Port, p.SSL, p.LoginName]),
      [
        ['IMAP', 'mail.example.net', '993', 'on', 'info@example.com'],
        ['POP3', 'mail.example.net', '995', 'on', 'info@example.com'],
        ['SMTP', 'mail.example.net', '465', 'on', 'info@example.com'],
      ],
    );
    assert.match(xml, /<AccountType>email<\/AccountType>/);
    assert.match(xml, /<Action>settings<\/Action>/);
  });
});

describe('Apple mobileconfig', () => {
  it('is a valid plist with an IMAP mail payload for the address', async () => {
    const profile = await mobileconfigProfile(SETTINGS, { address: 'info@example.com', displayName: 'Info' });
    const dir = mkdtempSync(path.join(tmpdir(), 'kontor-plist-'));
    const file = path.join(dir, 'p.mobileconfig');
    writeFileSync(file, profile);
    const json = execFileSync('/usr/bin/python3', [
      '-c',
      'import plistlib, json, sys; p = plistlib.load(open(sys.argv[1], "rb")); print(json.dumps(p, default=str))',
      file,
    ]).toString();
    const plist = JSON.parse(json) as { PayloadType: string; PayloadContent: Array<Record<string, unknown>> };
    assert.equal(plist.PayloadType, 'Configuration');
    const mail = plist.PayloadContent.find((p) => p.PayloadType === 'com.apple.mail.managed');
    assert.ok(mail, 'mail payload');
    assert.equal(mail.EmailAccountType, 'EmailTypeIMAP');
    assert.equal(mail.EmailAddress, 'info@example.com');
    assert.equal(mail.IncomingMailServerHostName, 'mail.example.net');
    assert.equal(mail.IncomingMailServerPortNumber, 993);
    assert.equal(mail.IncomingMailServerUseSSL, true);
    assert.equal(mail.OutgoingMailServerPortNumber, 465);
    assert.equal(mail.OutgoingMailServerUseSSL, true);
  });

  it('is signed (PKCS#7) with the server certificate when one is given', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kontor-sign-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=mail.example.net',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-days',
        '2',
      ],
      { stdio: 'ignore' },
    );
    const profile = await mobileconfigProfile(
      SETTINGS,
      { address: 'info@example.com' },
      {
        key: readFileSync(path.join(dir, 'key.pem')),
        cert: readFileSync(path.join(dir, 'cert.pem')),
      },
    );
    writeFileSync(path.join(dir, 'signed.mobileconfig'), profile);
    const content = execFileSync('openssl', ['smime', '-verify', '-inform', 'DER', '-in', path.join(dir, 'signed.mobileconfig'), '-noverify'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
    assert.match(content, /com\.apple\.mail\.managed/);
    assert.match(content, /info@example\.com/);
  });
});
