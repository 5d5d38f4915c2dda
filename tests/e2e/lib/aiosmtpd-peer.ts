// A strict receiving MTA nobody here wrote: Python's aiosmtpd (Debian
// python3-aiosmtpd) on a loopback address, with 8BITMIME and SMTPUTF8 each
// on or off. It refuses lines over 998 octets ("500 Line too long") and
// records the MAIL FROM parameters and the exact octets of each message.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const PYTHON = '/usr/bin/python3';

const SCRIPT = `
import asyncio, base64, json, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

host, port, eightbit, utf8 = sys.argv[1], int(sys.argv[2]), sys.argv[3] == '1', sys.argv[4] == '1'
tls_context = None
if len(sys.argv) > 6:
    tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_context.load_cert_chain(sys.argv[5], sys.argv[6])

class Recorder:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return [r for r in responses if eightbit or '8BITMIME' not in r]

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if not eightbit and any(o.upper().startswith('BODY=8BITMIME') for o in mail_options):
            return '555 5.5.4 BODY=8BITMIME not offered here'
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        print(json.dumps({'mailFrom': envelope.mail_from, 'mailOptions': envelope.mail_options,
                          'rcptTo': envelope.rcpt_tos, 'tls': session.ssl is not None,
                          'content': base64.b64encode(envelope.original_content).decode()}), flush=True)
        return '250 2.0.0 Ok: queued'

class Factory(Controller):
    def factory(self):
        return SMTP(self.handler, hostname='peer.remote.test', enable_SMTPUTF8=utf8, decode_data=False, tls_context=tls_context)

controller = Factory(Recorder(), hostname=host, port=port)
controller.start()
print(json.dumps({'ready': True}), flush=True)
sys.stdin.read()
controller.stop()
`;

export interface PeerMessage {
  mailFrom: string;
  mailOptions: string[];
  rcptTo: string[];
  /** The message came over STARTTLS. */
  tls: boolean;
  /** The octets as received (after dot-unstuffing). */
  content: Buffer;
}

export interface AiosmtpdPeer {
  messages: PeerMessage[];
  waitFor(predicate: (m: PeerMessage) => boolean, timeoutMs?: number): Promise<PeerMessage>;
  stop(): Promise<void>;
}

export async function startAiosmtpdPeer(options: {
  host: string;
  port: number;
  eightBitMime: boolean;
  smtpUtf8: boolean;
  /** Offer STARTTLS with this certificate. */
  tls?: { certFile: string; keyFile: string };
}): Promise<AiosmtpdPeer> {
  const child: ChildProcess = spawn(
    PYTHON,
    [
      '-c',
      SCRIPT,
      options.host,
      String(options.port),
      options.eightBitMime ? '1' : '0',
      options.smtpUtf8 ? '1' : '0',
      ...(options.tls ? [options.tls.certFile, options.tls.keyFile] : []),
    ],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const messages: PeerMessage[] = [];
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`aiosmtpd exited (${code}): ${stderr}`)));
    lines.on('line', (line) => {
      const event = JSON.parse(line) as { ready?: boolean; mailFrom?: string; mailOptions?: string[]; rcptTo?: string[]; tls?: boolean; content?: string };
      if (event.ready) return resolve();
      messages.push({
        mailFrom: event.mailFrom ?? '',
        mailOptions: event.mailOptions ?? [],
        rcptTo: event.rcptTo ?? [],
        tls: event.tls ?? false,
        content: Buffer.from(event.content ?? '', 'base64'),
      });
    });
  });
  return {
    messages,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`aiosmtpd: no matching message within ${timeoutMs} ms (got ${messages.length}); ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
        child.kill('SIGTERM');
      }),
  };
}
