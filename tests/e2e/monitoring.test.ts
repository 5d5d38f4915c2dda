// maild's monitoring listener (docs/monitoring.md): /metrics parsed by the
// Prometheus project's own text-format parser (python3-prometheus-client)
// before and after real traffic (Python smtplib and imaplib), /readyz
// turning 503 when the private Redis of this suite dies and 200 again when
// it is back, and the token rule.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AiosmtpdPeer, startAiosmtpdPeer } from './lib/aiosmtpd-peer.ts';
import { type ImapEnvironment, PASSWORD, startImapEnvironment } from './lib/imap-env.ts';
import { startMaild } from './lib/maild.ts';
import { python } from './lib/pop3.ts';
import { freePort } from './lib/ports.ts';
import { PrivateRedis } from './lib/private-redis.ts';

const TOKEN = 'metrics-token-for-the-test';

let redis: PrivateRedis;
let peer: AiosmtpdPeer;
let env: ImapEnvironment;
let metricsPort = 0;

before(async () => {
  redis = await PrivateRedis.start();
  metricsPort = await freePort();
  const outboundPort = await freePort();
  peer = await startAiosmtpdPeer({ host: '127.0.0.1', port: outboundPort, eightBitMime: true, smtpUtf8: true });
  env = await startImapEnvironment([{ localPart: 'info' }], {
    dns: { 'MX:remote.test': [{ exchange: 'mx.remote.test', priority: 10 }], 'A:mx.remote.test': ['127.0.0.1'] },
    env: { REDIS_URL: redis.url, METRICS_PORT: String(metricsPort), METRICS_TOKEN: TOKEN, OUTBOUND_PORT: String(outboundPort), OUTBOUND_CONNECT_TIMEOUT: '2s' },
  });
});

after(async () => {
  await env?.stop();
  await redis?.stop();
  await peer?.stop();
});

type Samples = Record<string, number>;

/**
 * Scrapes, mails one existing and one unknown recipient, fails an IMAP and a POP3 login,
 * holds a good IMAP session open and scrapes again: both scrapes as
 * `name{label="value",…}` → value, parsed by prometheus_client.
 */
function scrapeAroundTraffic(): Promise<{ before: Samples; after: Samples; types: Record<string, string> }> {
  const { smtp, imaps, pop3s } = env.maild.ports;
  return python(`
import imaplib, json, poplib, smtplib, ssl, urllib.request
from prometheus_client.parser import text_string_to_metric_families
def scrape():
    req = urllib.request.Request('http://127.0.0.1:${metricsPort}/metrics', headers={'Authorization': 'Bearer ${TOKEN}'})
    text = urllib.request.urlopen(req, timeout=10).read().decode()
    samples, types = {}, {}
    for family in text_string_to_metric_families(text):
        types[family.name] = family.type
        for s in family.samples:
            labels = ','.join('%s="%s"' % kv for kv in sorted(s.labels.items()))
            samples['%s{%s}' % (s.name, labels)] = s.value
    return samples, types
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
before, _ = scrape()
s = smtplib.SMTP('127.0.0.1', ${smtp}, timeout=10)
s.ehlo('client.sender.test')
s.sendmail('sender@sender.test', ['info@example.com'], b'From: sender@sender.test\\r\\nTo: info@example.com\\r\\nSubject: metrics\\r\\n\\r\\nHello\\r\\n')
try:
    s.sendmail('sender@sender.test', ['nobody@example.com'], b'Subject: x\\r\\n\\r\\nx\\r\\n')
except smtplib.SMTPRecipientsRefused:
    pass
s.quit()
m = imaplib.IMAP4_SSL('127.0.0.1', ${imaps}, ssl_context=ctx, timeout=10)
try:
    m.login('info@example.com', 'not the password')
except imaplib.IMAP4.error:
    pass
p = poplib.POP3_SSL('127.0.0.1', ${pop3s}, context=ctx, timeout=10)
p.user('info@example.com')
try:
    p.pass_('not the password')
except poplib.error_proto:
    pass
held = imaplib.IMAP4_SSL('127.0.0.1', ${imaps}, ssl_context=ctx, timeout=10)
held.login('info@example.com', ${JSON.stringify(PASSWORD)})
after, types = scrape()
held.logout()
print(json.dumps({'before': before, 'after': after, 'types': types}))
`);
}

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${metricsPort}${path}`, { headers });
  return { status: response.status, body: await response.text() };
}

async function waitForReadiness(status: number): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answer = await get('/readyz');
    if (answer.status === status || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('maild /metrics', () => {
  it('asks for the token', async () => {
    assert.equal((await get('/metrics')).status, 401);
    assert.equal((await get('/metrics', { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await get('/healthz')).status, 200);
  });

  it('parses as Prometheus text and its values move with traffic', async () => {
    const { before, after, types } = await scrapeAroundTraffic();
    const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
    assert.equal(delta('kontor_messages_received_total{listener="smtp"}'), 1);
    assert.equal(delta('kontor_smtp_transactions_total{listener="smtp",result="accepted"}'), 1);
    assert.equal(delta('kontor_messages_refused_total{phase="rcpt",reason="recipient-exists"}'), 1);
    assert.equal(delta('kontor_login_failures_total{protocol="imap"}'), 1);
    assert.equal(delta('kontor_login_failures_total{protocol="pop3"}'), 1);
    assert.ok(delta('kontor_smtp_connections_total{listener="smtp",result="accepted"}') >= 1);
    assert.ok((after['kontor_sessions{protocol="imap"}'] ?? 0) >= 1, 'the held IMAP session is counted');
    assert.ok(delta('kontor_domain_storage_bytes{domain="example.com"}') > 0, 'storage grew');
    assert.equal(delta('kontor_domain_messages{domain="example.com"}'), 1);
    assert.ok('kontor_queue_jobs{queue="kontor-outbound",state="waiting"}' in after);
    assert.ok('kontor_queue_oldest_job_age_seconds{queue="kontor-outbound"}' in after);
    assert.equal(types.kontor_outbound_delivery_duration_seconds, 'histogram');
    assert.ok(!Object.keys(after).some((key) => key.includes('@')), 'no address in any label');
  });
});

/** `name{labels}` → value of one scrape, parsed by prometheus_client. */
function scrape(): Promise<Samples> {
  return python(`
import json, urllib.request
from prometheus_client.parser import text_string_to_metric_families
req = urllib.request.Request('http://127.0.0.1:${metricsPort}/metrics', headers={'Authorization': 'Bearer ${TOKEN}'})
out = {}
for family in text_string_to_metric_families(urllib.request.urlopen(req, timeout=10).read().decode()):
    for s in family.samples:
        out['%s{%s}' % (s.name, ','.join('%s="%s"' % kv for kv in sorted(s.labels.items())))] = s.value
print(json.dumps(out))
`);
}

describe('maild /metrics, outbound', () => {
  it('counts a submitted message delivered to a remote MX (aiosmtpd) and its latency', async () => {
    const before = await scrape();
    await python(`
import json, smtplib, ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP('127.0.0.1', ${env.maild.ports.submission}, timeout=10)
s.starttls(context=ctx)
s.login('info@example.com', ${JSON.stringify(PASSWORD)})
s.sendmail('info@example.com', ['bob@remote.test'], b'From: info@example.com\\r\\nTo: bob@remote.test\\r\\nSubject: outbound metrics\\r\\n\\r\\nHi\\r\\n')
s.quit()
print(json.dumps(True))
`);
    await peer.waitFor((m) => m.rcptTo.includes('bob@remote.test'));
    const delivered = 'kontor_outbound_deliveries_total{result="delivered"}';
    const deadline = Date.now() + 10_000;
    let after = await scrape();
    while ((after[delivered] ?? 0) === (before[delivered] ?? 0) && Date.now() < deadline) after = await scrape();
    const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
    assert.equal(delta(delivered), 1);
    assert.equal(delta('kontor_outbound_delivery_duration_seconds_count{result="delivered"}'), 1);
    assert.equal(delta('kontor_messages_received_total{listener="submission"}'), 1);
    assert.equal(delta('kontor_smtp_transactions_total{listener="submission",result="accepted"}'), 1);
  });
});

describe('maild /readyz', () => {
  it('is 200 with everything up, 503 naming Redis while it is away, 200 again after', async () => {
    assert.deepEqual(JSON.parse((await get('/readyz')).body), { status: 'ok' });
    await redis.kill();
    const down = await waitForReadiness(503);
    assert.equal(down.status, 503);
    assert.deepEqual(JSON.parse(down.body), { status: 'unavailable', failed: ['redis'] });
    assert.equal((await get('/healthz')).status, 200, 'alive all the same');
    await redis.run();
    assert.equal((await waitForReadiness(200)).status, 200);
  });
});

describe('METRICS_BIND_ADDRESS', () => {
  it('off loopback without METRICS_TOKEN: maild refuses to start, saying why', async () => {
    await assert.rejects(
      startMaild({ databaseUrl: env.t.url, env: { METRICS_PORT: String(await freePort()), METRICS_BIND_ADDRESS: '0.0.0.0', METRICS_TOKEN: '' } }),
      /METRICS_BIND_ADDRESS=0\.0\.0\.0 is not a loopback address: set METRICS_TOKEN/,
    );
  });
});
