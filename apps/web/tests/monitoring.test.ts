// The panel's /metrics, /healthz and /readyz (docs/monitoring.md) against the built panel:
// public without a session, /metrics for loopback peers only while METRICS_TOKEN is unset
// (no header unlocks it for another peer), parsed by the Prometheus text-format parser.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ensureSuperadmin } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { credentialsSignIn, startWebServer, type WebServer } from './lib/web-server.ts';

/** GET from a chosen local address (127.0.0.2 is this machine, but not the loopback address the rule names). */
function getFrom(localAddress: string, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { localAddress, headers }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** `name{labels}` → value, as prometheus_client's parser reads the text. */
function parsePrometheus(text: string): Record<string, number> {
  const script = `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        out['%s{%s}' % (s.name, ','.join('%s="%s"' % kv for kv in sorted(s.labels.items())))] = s.value
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: text, encoding: 'utf8' })) as Record<string, number>;
}

describe('panel monitoring endpoints', () => {
  let t: TestDatabase;
  let web: WebServer;

  before(async () => {
    t = await createTestDatabase();
    await ensureSuperadmin(t.db, { email: 'admin@kontor.test', password: 'a long test password' });
    web = await startWebServer({ DATABASE_URL: t.url, METRICS_TOKEN: '' });
  });
  after(async () => {
    await web?.stop();
    await t?.drop();
  });

  it('answers /healthz and /readyz without a session', async () => {
    const health = await fetch(`${web.baseUrl}/healthz`, { redirect: 'manual' });
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${web.baseUrl}/readyz`, { redirect: 'manual' });
    assert.deepEqual({ status: ready.status, body: await ready.json() }, { status: 200, body: { status: 'ok' } });
  });

  it('serves /metrics to a loopback peer, counting a failed sign-in', async () => {
    const count = async () => {
      const response = await fetch(`${web.baseUrl}/metrics`, { redirect: 'manual' });
      assert.equal(response.status, 200);
      return parsePrometheus(await response.text())['kontor_login_failures_total{protocol="web"}'] ?? 0;
    };
    const before = await count();
    const signIn = await credentialsSignIn(web.baseUrl, 'admin@kontor.test', 'not the password');
    assert.ok(signIn.error, 'the sign-in failed');
    assert.equal((await count()) - before, 1);
  });

  it('refuses /metrics to any other peer, whatever the forwarding headers say', async () => {
    const refused = await getFrom('127.0.0.2', `${web.baseUrl}/metrics`, {
      'x-forwarded-for': '127.0.0.1',
      'x-real-ip': '127.0.0.1',
      'x-kontor-peer-address': '127.0.0.1',
    });
    assert.equal(refused.status, 403);
    assert.doesNotMatch(refused.body, /kontor_/);
  });
});
