// One TLS policy on every listener (issue #10, "TLS"): TLS 1.2+ with AEAD
// suites only, no client renegotiation, on SMTP/submission STARTTLS, SMTPS,
// IMAP STARTTLS/IMAPS and POP3 STLS/POP3S alike; and a renewed certificate
// reaches new handshakes without a restart while open sessions go on.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { type ImapEnvironment, PASSWORD, startImapEnvironment } from './lib/imap-env.ts';
import { fingerprintOf, makeCertificate, presentedFingerprint, sClient, TLS_PORT_NAMES, tlsPorts } from './lib/tls-ports.ts';

let env: ImapEnvironment;
let certDir: string;
let certFile: string;
let keyFile: string;

before(async () => {
  certDir = mkdtempSync(path.join(tmpdir(), 'kontor-tls-'));
  const first = makeCertificate(certDir, 'first', 'localhost');
  certFile = path.join(certDir, 'cert.pem');
  keyFile = path.join(certDir, 'key.pem');
  copyFileSync(first.certFile, certFile);
  copyFileSync(first.keyFile, keyFile);
  env = await startImapEnvironment([{ localPart: 'info' }], { env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile } });
});
after(async () => {
  await env.stop();
  rmSync(certDir, { recursive: true, force: true });
});

describe('the TLS policy, on every TLS port', () => {
  for (const target of TLS_PORT_NAMES) {
    describe(target, () => {
      const port = () => tlsPorts(env.maild.ports).find((p) => p.name === target)!;

      it('refuses TLS 1.1', async () => {
        // SECLEVEL=0: the client would refuse TLS 1.1 itself otherwise.
        const run = await sClient(port(), ['-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0']);
        assert.doesNotMatch(run.output, /^(New|Reused), TLS/m, run.output);
        assert.match(run.output, /alert protocol version|unsupported protocol|wrong version/i);
      });

      it('refuses a CBC suite (ECDHE-RSA-AES128-SHA) on TLS 1.2', async () => {
        const run = await sClient(port(), ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-SHA']);
        assert.doesNotMatch(run.output, /^(New|Reused), TLS/m, run.output);
        assert.match(run.output, /handshake failure/i);
      });

      it('negotiates an AEAD suite on TLS 1.2, chosen by the server', async () => {
        // The client prefers a weaker suite first; the server's order wins.
        const run = await sClient(port(), ['-tls1_2', '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256']);
        assert.match(run.output, /Cipher is ECDHE-RSA-AES128-GCM-SHA256/, run.output);
      });

      it('refuses client-initiated renegotiation', async () => {
        const run = await sClient(port(), ['-tls1_2'], (io) => {
          io.write('R\n');
        });
        assert.match(run.output, /RENEGOTIATING/, run.output);
        assert.match(run.output, /no renegotiation/i, run.output);
      });
    });
  }
});

describe('certificate reload', () => {
  it('a new certificate in TLS_CERT_FILE/TLS_KEY_FILE reaches new handshakes on every port; an open IMAP session keeps working', async () => {
    const imaps = tlsPorts(env.maild.ports).find((p) => p.name === 'imaps (993)')!;
    const before = await presentedFingerprint(imaps);
    const session = await openImapSession(env.maild.ports.imaps);
    assert.match(await session.command(`a1 LOGIN info@example.com "${PASSWORD}"`), /^a1 OK/m);

    const second = makeCertificate(certDir, 'second', 'localhost');
    // How renewal tools write: a new file renamed over the old, key first.
    copyFileSync(second.keyFile, `${keyFile}.new`);
    renameSync(`${keyFile}.new`, keyFile);
    copyFileSync(second.certFile, `${certFile}.new`);
    renameSync(`${certFile}.new`, certFile);
    await env.maild.waitForLog(/TLS certificate reloaded/, 10_000);

    const expected = fingerprintOf(readFileSync(second.certFile, 'utf8'));
    assert.notEqual(expected, before);
    for (const target of tlsPorts(env.maild.ports)) assert.equal(await presentedFingerprint(target), expected, target.name);
    // The session from before the reload still has its TLS and its login.
    assert.match(await session.command('a2 SELECT INBOX'), /^a2 OK/m);
    assert.match(await session.command('a3 NOOP'), /^a3 OK/m);
    session.close();
  });

  it('SIGHUP reloads the certificate (the self-signed one in DATA_DIR/tls, which is not watched)', async () => {
    const selfSigned = await startImapEnvironment([{ localPart: 'info' }]);
    try {
      const imaps = tlsPorts(selfSigned.maild.ports).find((p) => p.name === 'imaps (993)')!;
      const replacement = makeCertificate(certDir, 'replacement', 'localhost');
      copyFileSync(replacement.keyFile, path.join(selfSigned.maild.dataDir, 'tls', 'selfsigned-key.pem'));
      copyFileSync(replacement.certFile, path.join(selfSigned.maild.dataDir, 'tls', 'selfsigned-cert.pem'));
      selfSigned.maild.child.kill('SIGHUP');
      assert.match(await selfSigned.maild.waitForLog(/TLS certificate reloaded/, 10_000), /"reason":"SIGHUP"/);
      assert.equal(await presentedFingerprint(imaps), fingerprintOf(readFileSync(replacement.certFile, 'utf8')));
      assert.equal(selfSigned.maild.child.exitCode, null, 'SIGHUP does not stop maild');
    } finally {
      await selfSigned.stop();
    }
  });
});

/** A minimal IMAPS client: one command at a time, reply up to the tagged line. */
async function openImapSession(port: number): Promise<{ command(line: string): Promise<string>; close(): void }> {
  const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
  let buffer = '';
  let waiter: (() => void) | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    waiter?.();
  });
  const waitFor = async (pattern: RegExp): Promise<string> => {
    while (!pattern.test(buffer)) {
      if (socket.destroyed) throw new Error(`connection closed; got ${buffer}`);
      await new Promise<void>((resolve) => {
        waiter = resolve;
        socket.once('close', resolve);
      });
    }
    const reply = buffer;
    buffer = '';
    return reply;
  };
  await waitFor(/^\* OK/m);
  return {
    async command(line) {
      const tag = line.split(' ')[0]!;
      socket.write(`${line}\r\n`);
      return waitFor(new RegExp(`^${tag} (OK|NO|BAD)`, 'm'));
    },
    close: () => socket.end(),
  };
}
