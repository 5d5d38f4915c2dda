// Where submission offers AUTH (RFC 3207 §4, RFC 4954 §4): before STARTTLS
// only to 127.0.0.1/::1 with ALLOW_PLAINTEXT_AUTH_LOOPBACK, never to the
// rest of 127/8 or anyone else; under TLS always. Driven by Python smtplib.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { type MaildProcess, startMaild } from './lib/maild.ts';

const PASSWORD = 'correct horse battery';
const PYTHON = '/usr/bin/python3';

let t: TestDatabase;
let maild: MaildProcess;

async function python(script: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(PYTHON, ['-c', script]);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out };
}

/** EHLO before and after STARTTLS from `source`, then AUTH where it was offered. */
const session = (source: string) => `
import smtplib, ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP('127.0.0.1', ${maild.ports.submission}, local_hostname='client.example', source_address=('${source}', 0))
s.ehlo()
print('plain auth', s.has_extn('auth'))
if s.has_extn('auth'):
    print('plain login', s.login('anna@example.com', '${PASSWORD}')[0])
else:
    print('plain mail', s.mail('anna@example.com'))
    s.rset()
    s.starttls(context=ctx); s.ehlo()
    print('tls auth', s.has_extn('auth'))
    print('tls login', s.login('anna@example.com', '${PASSWORD}')[0])
s.quit()`;

before(async () => {
  t = await createTestDatabase();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: PASSWORD });
  maild = await startMaild({ databaseUrl: t.url, env: { MAILD_ROLES: 'smtp', ALLOW_PLAINTEXT_AUTH_LOOPBACK: 'true' } });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await t?.drop();
});

describe('submission AUTH advertisement with ALLOW_PLAINTEXT_AUTH_LOOPBACK', () => {
  it('offers and accepts AUTH without TLS from 127.0.0.1', async () => {
    const r = await python(session('127.0.0.1'));
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /plain auth True/);
    assert.match(r.out, /plain login 235/);
  });

  it('offers AUTH to 127.0.0.2 only after STARTTLS (not loopback in the documented sense)', async () => {
    const r = await python(session('127.0.0.2'));
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /plain auth False/);
    assert.match(r.out, /plain mail \(530, b'5\.7\.0 Must issue a STARTTLS command first'\)/);
    assert.match(r.out, /tls auth True/);
    assert.match(r.out, /tls login 235/);
  });
});
