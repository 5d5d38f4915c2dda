// docker compose: the ports the web app advertises to mail clients
// (autoconfig, autodiscover) are the ports maild listens on and compose
// publishes. Reads docker-compose.yml as compose would (PyYAML resolves the
// `<<:` merge keys; .env is a copy of .env.example, overridden by
// `environment:`), starts web and maild with each one's settings, and
// connects to every advertised port.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { CLI_ACTOR, createDomain } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { startWebServer, type WebServer } from '../../apps/web/tests/lib/web-server.ts';
import { type MaildProcess, ROOT, startMaild } from './lib/maild.ts';

const PORT_SETTINGS = ['SMTP_PORT', 'SUBMISSION_PORT', 'SMTPS_PORT', 'IMAP_PORT', 'IMAPS_PORT', 'POP3_PORT', 'POP3S_PORT'] as const;

interface ComposeService {
  environment?: Record<string, string>;
  ports?: string[];
}

function readCompose(): { services: Record<string, ComposeService> } {
  const script = 'import sys, json, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))';
  return JSON.parse(execFileSync('python3', ['-c', script, path.join(ROOT, 'docker-compose.yml')], { encoding: 'utf8' }));
}

function readEnvFile(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!;
  }
  return values;
}

const compose = readCompose();
const dotEnv = readEnvFile(path.join(ROOT, '.env.example'));
const serviceEnv = (name: string) => ({ ...dotEnv, ...compose.services[name]?.environment });

/** The first line a server sends on connect, over TLS for the implicit-TLS ports. */
async function greeting(port: number, implicitTls: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: net.Socket = implicitTls ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }) : net.connect({ host: '127.0.0.1', port });
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no greeting on ${port}`)));
    socket.once('data', (line: string) => {
      socket.destroy();
      resolve(line.trim());
    });
    socket.once('error', reject);
  });
}

describe('docker compose ports', () => {
  let t: TestDatabase;
  let web: WebServer | undefined;
  let maild: MaildProcess | undefined;

  before(async () => {
    t = await createTestDatabase();
    await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  });
  after(async () => {
    await web?.stop();
    await maild?.stop({ cleanup: true });
    await t?.drop();
  });

  it('gives web and maild the same port settings, and publishes each of them', () => {
    const webEnv = serviceEnv('web');
    const maildEnv = serviceEnv('maild');
    const published = compose.services.maild?.ports ?? [];
    for (const name of PORT_SETTINGS) {
      assert.equal(webEnv[name], maildEnv[name], `${name}: web advertises ${webEnv[name]}, maild listens on ${maildEnv[name]}`);
      assert.ok(published.includes(`${maildEnv[name]}:${maildEnv[name]}`), `${name} ${maildEnv[name]} is published`);
    }
  });

  it('advertises in autoconfig and autodiscover only ports where maild answers', async () => {
    assert.equal(process.getuid?.(), 0, 'binds the standard ports below 1024, as compose does: run as root (CI and this machine do)');
    const webEnv = serviceEnv('web');
    const maildEnv = serviceEnv('maild');
    const portSettings = Object.fromEntries(PORT_SETTINGS.map((name) => [name, webEnv[name]!]));
    web = await startWebServer({ ...portSettings, DATABASE_URL: t.url, MAIL_HOSTNAME: 'mail.kontor.test', LOG_LEVEL: 'silent' });
    maild = await startMaild({
      databaseUrl: t.url,
      ports: {
        smtp: Number(maildEnv.SMTP_PORT),
        submission: Number(maildEnv.SUBMISSION_PORT),
        smtps: Number(maildEnv.SMTPS_PORT),
        imap: Number(maildEnv.IMAP_PORT),
        imaps: Number(maildEnv.IMAPS_PORT),
        pop3: Number(maildEnv.POP3_PORT),
        pop3s: Number(maildEnv.POP3S_PORT),
      },
    });

    const autoconfig = await (await fetch(`${web.baseUrl}/mail/config-v1.1.xml?emailaddress=info%40example.com`)).text();
    const servers = [
      ...autoconfig.matchAll(
        /<(?:incoming|outgoing)Server type="(\w+)">\s*<hostname>[^<]*<\/hostname>\s*<port>(\d+)<\/port>\s*<socketType>(\w+)<\/socketType>/g,
      ),
    ];
    assert.ok(servers.length >= 4, autoconfig);
    const autodiscover = await (
      await fetch(`${web.baseUrl}/autodiscover/autodiscover.xml`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: '<?xml version="1.0"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request><EMailAddress>info@example.com</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>',
      })
    ).text();
    const discovered = [...autodiscover.matchAll(/<Port>(\d+)<\/Port>/g)].map((m) => Number(m[1]));
    assert.ok(discovered.length >= 2, autodiscover);

    const expected: Record<string, RegExp> = { imap: /^\* OK/, pop3: /^\+OK/, smtp: /^220 / };
    for (const [, type, port, socketType] of servers) {
      const line = await greeting(Number(port), socketType === 'SSL');
      assert.match(line, expected[type!]!, `${type} on ${port} (${socketType}) answers`);
    }
    const implicitTls = new Set([maildEnv.IMAPS_PORT, maildEnv.POP3S_PORT, maildEnv.SMTPS_PORT].map(Number));
    for (const port of discovered) assert.match(await greeting(port, implicitTls.has(port)), /^(\* OK|\+OK|220 )/, `autodiscover port ${port} answers`);
  });
});
