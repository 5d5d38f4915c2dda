// The REST API (/api/v1) against the built panel: every endpoint, the
// scopes of keys (a domain key stays in its domains, a sending key only
// sends, a revoked key is refused), field errors, rate limits, the audit
// trail, and the served OpenAPI document (valid, and the same paths as the
// route files).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  adminActor,
  CLI_ACTOR,
  createAdminAccount,
  createApiKey,
  createDomain,
  createMailbox,
  domainDnsRecords,
  revokeApiKey,
  upsertAutoresponder,
} from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import { dkimVerify } from 'mailauth';
import { type FakeMx, startFakeMx } from '../../../tests/e2e/lib/fake-mx.ts';
import { type MaildProcess, startMaild } from '../../../tests/e2e/lib/maild.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const PASSWORD = 'a long test password';
const API_DIR = path.resolve(import.meta.dirname, '../app/api/v1');
/** Per key and minute; the suite spreads its calls over several keys. */
const RATE_LIMIT = 80;

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected field by field.
  body: any;
  headers: Headers;
}

describe('REST API /api/v1', () => {
  let t: TestDatabase;
  let web: WebServer;
  let shopId: number;
  let teamId: number;
  let infoId: number;
  let teamMailboxId: number;
  const keys = { super: '', super2: '', super3: '', shop: '', team: '', send: '', sendAll: '', revoked: '', limited: '' };
  let shopKeyPrefix = '';
  let sendKeyPrefix = '';
  /** Blobs are shared by the panel (which stores API mail) and maild (which sends it). */
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kontor-api-'));
  const redisPrefix = `kontor-apitest-${randomBytes(4).toString('hex')}`;

  async function api(key: string | null, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${web.baseUrl}/api/v1${pathname}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: response.status, body: parsed, headers: response.headers };
  }

  before(async () => {
    t = await createTestDatabase();
    const shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
    const team = await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
    shopId = shop.id;
    teamId = team.id;
    infoId = (await createMailbox(t.db, CLI_ACTOR, { domainId: shop.id, localPart: 'info', password: PASSWORD })).id;
    teamMailboxId = (await createMailbox(t.db, CLI_ACTOR, { domainId: team.id, localPart: 'office', password: PASSWORD })).id;
    const owner = await createAdminAccount(t.db, CLI_ACTOR, { email: 'owner@kontor.test', password: PASSWORD, role: 'SUPERADMIN' });
    const boss = await adminActor(t.db, owner.id);
    keys.super = (await createApiKey(t.db, boss, { name: 'Automation', scope: 'superadmin' })).key;
    keys.super2 = (await createApiKey(t.db, boss, { name: 'Automation 2', scope: 'superadmin' })).key;
    keys.super3 = (await createApiKey(t.db, boss, { name: 'Automation 3', scope: 'superadmin' })).key;
    const shopKey = await createApiKey(t.db, boss, { name: 'Shop admin', scope: 'domains', domainIds: [shop.id] });
    keys.shop = shopKey.key;
    shopKeyPrefix = shopKey.prefix;
    const sendKey = await createApiKey(t.db, boss, { name: 'Shop notifications', scope: 'send', senders: ['info@shop.example'] });
    keys.send = sendKey.key;
    sendKeyPrefix = sendKey.prefix;
    keys.sendAll = (await createApiKey(t.db, boss, { name: 'Shop robots', scope: 'send', senders: ['@shop.example'] })).key;
    const revoked = await createApiKey(t.db, boss, { name: 'Old', scope: 'superadmin' });
    await revokeApiKey(t.db, boss, revoked.id);
    keys.revoked = revoked.key;
    keys.limited = (await createApiKey(t.db, boss, { name: 'Busy', scope: 'domains', domainIds: [team.id] })).key;
    keys.team = (await createApiKey(t.db, boss, { name: 'Team admin', scope: 'domains', domainIds: [team.id] })).key;
    web = await startWebServer({
      DATABASE_URL: t.url,
      LOG_LEVEL: 'silent',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: redisPrefix,
      DATA_DIR: dataDir,
      MAIL_HOSTNAME: 'mx.kontor.test',
      API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      DKIM_ENCRYPTION_KEY: process.env.DKIM_ENCRYPTION_KEY ?? 'kontor test dkim key',
    });
  });
  after(async () => {
    await web?.stop();
    await t?.drop();
  });

  describe('keys', () => {
    it('no key, an unknown key and a revoked key get 401 with WWW-Authenticate; the sign-in page is never involved', async () => {
      for (const key of [null, `kontor_aaaaaaaaaaaa_${'A'.repeat(43)}`, 'garbage', keys.revoked]) {
        const answer = await api(key, 'GET', '/domains');
        assert.equal(answer.status, 401, `key ${key}`);
        assert.equal(answer.body.error.code, 'unauthorized');
        assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer/);
      }
    });

    it('a sending key cannot call anything but POST /messages', async () => {
      for (const [method, pathname] of [
        ['GET', '/domains'],
        ['GET', `/domains/${shopId}/mailboxes`],
        ['GET', '/queue'],
        ['POST', `/domains/${shopId}/aliases`],
      ] as const) {
        const answer = await api(keys.send, method, pathname, method === 'POST' ? { localPart: 'x', destinations: 'info@shop.example' } : undefined);
        assert.equal(answer.status, 403, `${method} ${pathname}`);
        assert.equal(answer.body.error.code, 'forbidden');
      }
    });

    it('an admin key cannot send', async () => {
      const answer = await api(keys.super, 'POST', '/messages', { from: 'info@shop.example', to: 'a@b.test', subject: 'x', text: 'y' });
      assert.equal(answer.status, 403);
    });

    it('a key over its rate limit gets 429 with Retry-After', async () => {
      let limited: Answer | undefined;
      for (let i = 0; i < RATE_LIMIT + 5 && !limited; i++) {
        const answer = await api(keys.limited, 'GET', `/domains/${teamId}`);
        if (answer.status === 429) limited = answer;
        else assert.equal(answer.status, 200);
      }
      assert.ok(limited, 'refused after the limit');
      assert.equal(limited.body.error.code, 'rate_limited');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      // Another key is not affected.
      assert.equal((await api(keys.super3, 'GET', `/domains/${teamId}`)).status, 200);
    });
  });

  describe('domains', () => {
    it('lists what the key may see, searched and paged like the panel', async () => {
      const all = await api(keys.super, 'GET', '/domains');
      assert.equal(all.status, 200);
      assert.deepEqual(
        all.body.rows.map((d: { name: string }) => d.name),
        ['shop.example', 'team.example'],
      );
      assert.equal(all.body.total, 2);
      assert.equal(typeof all.body.rows[0].usedBytes, 'number');
      assert.match(all.body.rows[0].createdAt, /^\d{4}-\d\d-\d\dT/);
      const paged = await api(keys.super, 'GET', '/domains?pageSize=1&page=2');
      assert.deepEqual(
        paged.body.rows.map((d: { name: string }) => d.name),
        ['team.example'],
      );
      assert.equal((await api(keys.super, 'GET', '/domains?q=team')).body.total, 1);
      const scoped = await api(keys.shop, 'GET', '/domains');
      assert.deepEqual(
        scoped.body.rows.map((d: { name: string }) => d.name),
        ['shop.example'],
      );
    });

    it('creates with a superadmin key only; bad and taken names are field errors', async () => {
      const created = await api(keys.super, 'POST', '/domains', { name: 'Neu.example', defaultQuota: '2G' });
      assert.equal(created.status, 201);
      assert.equal(created.body.name, 'neu.example');
      assert.equal(created.body.defaultQuotaBytes, 2 * 1024 ** 3);
      const taken = await api(keys.super, 'POST', '/domains', { name: 'neu.example' });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.error.field, 'name');
      const bad = await api(keys.super, 'POST', '/domains', { name: 'not a domain', defaultQuota: 'lots' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'validation');
      assert.ok(bad.body.error.fields.name);
      assert.ok(bad.body.error.fields.defaultQuota);
      assert.equal((await api(keys.super, 'POST', '/domains', '{not json')).status, 400);
      assert.equal((await api(keys.super, 'POST', '/domains', '[1]')).body.error.fields.body, 'Send a JSON object');
      assert.equal((await api(keys.shop, 'POST', '/domains', { name: 'mine.example' })).status, 403);
    });

    it('a domain key reads and changes only its domain, and only what a domain admin may', async () => {
      assert.equal((await api(keys.shop, 'GET', `/domains/${shopId}`)).status, 200);
      assert.equal((await api(keys.shop, 'GET', `/domains/${teamId}`)).status, 404);
      assert.equal((await api(keys.shop, 'GET', '/domains/abc')).status, 404);
      assert.equal((await api(keys.shop, 'PATCH', `/domains/${teamId}`, { description: 'mine now' })).status, 404);
      const changed = await api(keys.shop, 'PATCH', `/domains/${shopId}`, { description: 'Our shop', language: 'de', timeZone: 'Europe/Vienna' });
      assert.equal(changed.status, 200);
      assert.equal(changed.body.description, 'Our shop');
      assert.equal(changed.body.language, 'de');
      assert.equal(changed.body.timeZone, 'Europe/Vienna');
      assert.equal((await api(keys.shop, 'PATCH', `/domains/${shopId}`, { defaultQuota: '50G' })).status, 403);
      const badZone = await api(keys.shop, 'PATCH', `/domains/${shopId}`, { description: 'changed?', timeZone: 'Mars/Olympus' });
      assert.equal(badZone.status, 400);
      assert.ok(badZone.body.error.fields.timeZone);
      assert.equal((await api(keys.shop, 'GET', `/domains/${shopId}`)).body.description, 'Our shop', 'a refused change changes nothing');
      assert.equal((await api(keys.shop, 'DELETE', `/domains/${shopId}`)).status, 403);
    });

    it('DNS records and the catch-all', async () => {
      const dns = await api(keys.shop, 'GET', `/domains/${shopId}/dns`);
      assert.equal(dns.status, 200);
      assert.ok(dns.body.records.some((r: { type: string; value: string }) => r.type === 'TXT' && r.value.startsWith('v=DKIM1')));
      assert.ok(dns.body.records.some((r: { type: string }) => r.type === 'MX'));
      assert.equal((await api(keys.shop, 'GET', `/domains/${teamId}/dns`)).status, 404);
      assert.deepEqual((await api(keys.shop, 'GET', `/domains/${shopId}/catch-all`)).body, { enabled: false, alias: null });
      const on = await api(keys.shop, 'PUT', `/domains/${shopId}/catch-all`, { enabled: true, destinations: ['info@shop.example'] });
      assert.equal(on.status, 200);
      assert.equal(on.body.enabled, true);
      assert.equal(on.body.alias.localPart, '*');
      const off = await api(keys.shop, 'PUT', `/domains/${shopId}/catch-all`, { enabled: false });
      assert.equal(off.body.enabled, false);
      assert.equal((await api(keys.shop, 'DELETE', `/aliases/${off.body.alias.id}`)).status, 204);
      assert.equal((await api(keys.shop, 'PUT', `/domains/${teamId}/catch-all`, { enabled: false })).status, 404);
    });

    it('removal of a domain with content needs ?confirm=true', async () => {
      const domain = (await api(keys.super, 'POST', '/domains', { name: 'gone.example' })).body;
      assert.equal(
        (await api(keys.super, 'POST', `/domains/${domain.id}/mailboxes`, { localPart: 'anna', password: PASSWORD, displayName: 'Anna' })).status,
        201,
      );
      const refused = await api(keys.super, 'DELETE', `/domains/${domain.id}`);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'confirmation_required');
      assert.ok(refused.body.error.consequences.length >= 1);
      assert.equal((await api(keys.super, 'DELETE', `/domains/${domain.id}?confirm=true`)).status, 204);
      assert.equal((await api(keys.super, 'GET', `/domains/${domain.id}`)).status, 404);
    });
  });

  describe('mailboxes', () => {
    it('lists, creates, reads, changes and removes; weak passwords and duplicates are field errors', async () => {
      const list = await api(keys.shop, 'GET', `/domains/${shopId}/mailboxes?q=info`);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.rows.map((m: { address: string }) => m.address),
        ['info@shop.example'],
      );
      const weak = await api(keys.shop, 'POST', `/domains/${shopId}/mailboxes`, { localPart: 'sales', password: 'short' });
      assert.equal(weak.status, 400);
      assert.ok(weak.body.error.fields.password);
      const missing = await api(keys.shop, 'POST', `/domains/${shopId}/mailboxes`, {});
      assert.equal(missing.status, 400);
      assert.ok(missing.body.error.fields.localPart);
      const created = await api(keys.shop, 'POST', `/domains/${shopId}/mailboxes`, { localPart: 'sales', password: PASSWORD, quota: '500M' });
      assert.equal(created.status, 201);
      assert.equal(created.body.address, 'sales@shop.example');
      assert.equal(created.body.quotaBytes, 500 * 1024 ** 2);
      assert.equal(created.body.passwordHash, undefined, 'no hash leaves');
      assert.equal((await api(keys.shop, 'POST', `/domains/${shopId}/mailboxes`, { localPart: 'sales', password: PASSWORD })).status, 409);
      const id = created.body.id;
      assert.equal((await api(keys.shop, 'GET', `/mailboxes/${id}`)).body.localPart, 'sales');
      const changed = await api(keys.shop, 'PATCH', `/mailboxes/${id}`, { displayName: 'Sales team', active: false });
      assert.equal(changed.body.displayName, 'Sales team');
      assert.equal(changed.body.active, false);
      assert.equal((await api(keys.shop, 'DELETE', `/mailboxes/${id}`)).status, 204);
      assert.equal((await api(keys.shop, 'GET', `/mailboxes/${id}`)).status, 404);
    });

    it("a domain key cannot see or change another domain's mailboxes", async () => {
      assert.equal((await api(keys.shop, 'GET', `/domains/${teamId}/mailboxes`)).status, 404);
      assert.equal((await api(keys.shop, 'POST', `/domains/${teamId}/mailboxes`, { localPart: 'spy', password: PASSWORD })).status, 404);
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['PATCH', '', { displayName: 'x' }],
        ['DELETE', '', undefined],
        ['GET', '/autoresponder', undefined],
        ['PUT', '/autoresponder', { enabled: true, subject: 'x', body: 'y' }],
        ['GET', '/forwarding', undefined],
        ['PUT', '/forwarding', { forwardTo: ['spy@elsewhere.test'] }],
      ] as const) {
        assert.equal((await api(keys.shop, method, `/mailboxes/${teamMailboxId}${suffix}`, body)).status, 404, `${method} ${suffix}`);
      }
      assert.equal((await api(keys.super, 'GET', `/mailboxes/${teamMailboxId}/forwarding`)).body.enabled, false, 'nothing changed');
    });

    it('autoresponder: set with dates in the domain time zone, read back; bad values are field errors', async () => {
      const set = await api(keys.shop, 'PUT', `/mailboxes/${infoId}/autoresponder`, {
        enabled: true,
        subject: 'Out of office',
        body: 'Back on Monday.',
        startsAt: '2026-01-01T09:00',
        endsAt: '2099-01-01T00:00:00Z',
        intervalDays: 3,
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.equal(set.body.enabled, true);
      assert.equal(set.body.state, 'active');
      assert.equal(set.body.timeZone, 'Europe/Vienna');
      assert.equal(set.body.startsAt, '2026-01-01T08:00:00.000Z', '09:00 in Vienna');
      assert.equal((await api(keys.shop, 'GET', `/mailboxes/${infoId}/autoresponder`)).body.subject, 'Out of office');
      const bad = await api(keys.shop, 'PUT', `/mailboxes/${infoId}/autoresponder`, { intervalDays: 99, endsAt: 'soon' });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.error.fields.intervalDays || bad.body.error.fields.endsAt);
      await api(keys.shop, 'PUT', `/mailboxes/${infoId}/autoresponder`, { enabled: false });
    });

    it('forwarding: set and removed; a bad address is a field error', async () => {
      const set = await api(keys.shop, 'PUT', `/mailboxes/${infoId}/forwarding`, { forwardTo: ['owner@elsewhere.test'], keepCopy: true });
      assert.equal(set.status, 200);
      assert.deepEqual(set.body.forwardTo, [{ address: 'owner@elsewhere.test', external: true }]);
      assert.equal(set.body.enabled, true);
      const bad = await api(keys.shop, 'PUT', `/mailboxes/${infoId}/forwarding`, { forwardTo: 'not an address' });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.error.fields.forwardTo);
      const off = await api(keys.shop, 'PUT', `/mailboxes/${infoId}/forwarding`, { enabled: false });
      assert.equal(off.body.enabled, false);
      assert.deepEqual((await api(keys.shop, 'GET', `/mailboxes/${infoId}/forwarding`)).body.forwardTo, []);
    });
  });

  describe('aliases', () => {
    it('creates, lists, changes and removes; an alias may not shadow a mailbox', async () => {
      const shadow = await api(keys.shop, 'POST', `/domains/${shopId}/aliases`, { localPart: 'info', destinations: 'x@elsewhere.test' });
      assert.equal(shadow.status, 409);
      assert.equal(shadow.body.error.field, 'localPart');
      const bad = await api(keys.shop, 'POST', `/domains/${shopId}/aliases`, { localPart: 'orders', destinations: [] });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.error.fields.destinations);
      const created = await api(keys.shop, 'POST', `/domains/${shopId}/aliases`, {
        localPart: 'orders',
        destinations: ['info@shop.example', 'boss@elsewhere.test'],
      });
      assert.equal(created.status, 201);
      assert.deepEqual(created.body.targets, [
        { address: 'info@shop.example', external: false },
        { address: 'boss@elsewhere.test', external: true },
      ]);
      const list = await api(keys.shop, 'GET', `/domains/${shopId}/aliases?q=boss`);
      assert.ok(list.body.rows.some((a: { address: string }) => a.address === 'orders@shop.example'));
      const id = created.body.id;
      const changed = await api(keys.shop, 'PATCH', `/aliases/${id}`, { destinations: 'info@shop.example' });
      assert.deepEqual(changed.body.destinations, ['info@shop.example']);
      assert.equal((await api(keys.shop, 'PATCH', `/aliases/${id}`, { destinations: 'nobody@shop.example' })).status, 400);
      // The other domain's aliases are out of reach.
      const theirs = (await api(keys.super, 'POST', `/domains/${teamId}/aliases`, { localPart: 'team', destinations: 'office@team.example' })).body;
      assert.equal((await api(keys.shop, 'GET', `/aliases/${theirs.id}`)).status, 404);
      assert.equal((await api(keys.shop, 'PATCH', `/aliases/${theirs.id}`, { active: false })).status, 404);
      assert.equal((await api(keys.shop, 'DELETE', `/aliases/${theirs.id}`)).status, 404);
      assert.equal((await api(keys.shop, 'GET', `/domains/${teamId}/aliases`)).status, 404);
      assert.equal((await api(keys.shop, 'DELETE', `/aliases/${id}`)).status, 204);
      assert.equal((await api(keys.shop, 'GET', `/aliases/${id}`)).status, 404);
    });
  });

  describe('administrators', () => {
    it('superadmin keys manage administrators; a domain key may not', async () => {
      assert.equal((await api(keys.shop, 'GET', '/admins')).status, 403);
      const weak = await api(keys.super2, 'POST', '/admins', { email: 'anna@shop.example', password: 'short', role: 'DOMAIN_ADMIN' });
      assert.equal(weak.status, 400);
      assert.ok(weak.body.error.fields.password);
      const created = await api(keys.super2, 'POST', '/admins', {
        email: 'anna@shop.example',
        password: PASSWORD,
        role: 'DOMAIN_ADMIN',
        domainIds: [shopId],
      });
      assert.equal(created.status, 201);
      assert.deepEqual(created.body.domainIds, [shopId]);
      assert.equal(created.body.passwordHash, undefined);
      const id = created.body.id;
      assert.equal((await api(keys.super2, 'POST', '/admins', { email: 'anna@shop.example', password: PASSWORD, role: 'DOMAIN_ADMIN' })).status, 409);
      const list = await api(keys.super2, 'GET', '/admins?q=anna');
      assert.deepEqual(
        list.body.rows.map((a: { email: string }) => a.email),
        ['anna@shop.example'],
      );
      assert.equal((await api(keys.super2, 'GET', `/admins/${id}`)).body.role, 'DOMAIN_ADMIN');
      const changed = await api(keys.super2, 'PATCH', `/admins/${id}`, { domainIds: [shopId, teamId], active: false, password: `${PASSWORD} 2` });
      assert.equal(changed.status, 200);
      assert.deepEqual(changed.body.domainIds, [shopId, teamId]);
      assert.equal(changed.body.active, false);
      assert.equal((await api(keys.shop, 'DELETE', `/admins/${id}`)).status, 403);
      assert.equal((await api(keys.super2, 'DELETE', `/admins/${id}`)).status, 204);
      assert.equal((await api(keys.super2, 'GET', `/admins/${id}`)).status, 404);
      // The last active superadmin stays.
      const owner = list.body.rows.length ? (await api(keys.super2, 'GET', '/admins?q=owner')).body.rows[0] : null;
      const last = await api(keys.super2, 'DELETE', `/admins/${owner.id}`);
      assert.equal(last.status, 400);
    });
  });

  describe('queue', () => {
    it('superadmin keys read the queue and get 404 for unknown jobs; domain keys get 403', async () => {
      const queue = await api(keys.super2, 'GET', '/queue');
      assert.equal(queue.status, 200, JSON.stringify(queue.body));
      assert.ok(Array.isArray(queue.body.jobs));
      assert.equal((await api(keys.super2, 'POST', '/queue/outbox-999999/retry')).status, 404);
      assert.equal((await api(keys.super2, 'POST', '/queue/outbox-999999/cancel', { bounce: false })).status, 404);
      assert.equal((await api(keys.shop, 'GET', '/queue')).status, 403);
      assert.equal((await api(keys.shop, 'POST', '/queue/outbox-1/retry')).status, 403);
    });
  });

  describe('audit', () => {
    it('every call is traceable to its key; changes are audited under the key', async () => {
      const calls = await t.db.auditLog.findMany({ where: { actor: `api:${shopKeyPrefix}`, action: 'api.call' } });
      assert.ok(calls.length > 10);
      assert.ok(calls.some((c) => c.targetId === `PATCH /api/v1/domains/${shopId}` && (c.after as { status: number }).status === 200));
      assert.ok(
        calls.some((c) => (c.after as { status: number }).status === 404),
        'refused calls too',
      );
      const change = await t.db.auditLog.findFirst({ where: { actor: `api:${shopKeyPrefix}`, action: 'alias.create' } });
      assert.ok(change, 'the alias created through the API is audited as the key');
      const key = await t.db.apiKey.findUniqueOrThrow({ where: { prefix: shopKeyPrefix } });
      assert.ok(key.lastUsedAt && Date.now() - key.lastUsedAt.getTime() < 120_000);
      assert.equal(key.lastUsedIp, '127.0.0.1');
    });
  });

  describe('sending API', () => {
    let maild: MaildProcess;
    let relay: FakeMx;
    let orderQueueId = '';
    const order = {
      from: 'info@shop.example',
      fromName: 'Example Shop',
      to: ['customer@remote.test'],
      cc: 'info@shop.example',
      bcc: ['archive@remote.test'],
      replyTo: 'orders@shop.example',
      subject: 'Your order 1042',
      text: 'Thank you for your order 1042.\nWe ship it tomorrow.\n',
      html: '<p>Thank you for your order <b>1042</b>.</p>',
      attachments: [{ filename: 'invoice-1042.pdf', content: Buffer.from('%PDF-1.4 invoice').toString('base64'), contentType: 'application/pdf' }],
    };

    before(async () => {
      relay = await startFakeMx();
      maild = await startMaild({
        databaseUrl: t.url,
        dataDir,
        dns: {},
        env: {
          REDIS_URL: 'redis://127.0.0.1:6379',
          REDIS_PREFIX: redisPrefix,
          MAILD_ROLES: 'smtp,workers',
          RELAY_HOST: `127.0.0.1:${relay.port}`,
          RELAY_TLS_VERIFY: 'false',
          QUEUE_RETRY_BASE: '200ms',
        },
      });
    });
    after(async () => {
      await maild?.stop({ cleanup: true });
      await relay?.close();
    });

    it('sends an order confirmation through the queue, DKIM-signed, and returns its queue id; the delivery log has it', async () => {
      const sent = await api(keys.send, 'POST', '/messages', order);
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      assert.match(sent.body.queueId, /^[0-9a-f]{16}$/);
      orderQueueId = sent.body.queueId;
      assert.match(sent.body.messageId, /^<.+@shop\.example>$/);
      assert.deepEqual(sent.body.recipients.sort(), ['archive@remote.test', 'customer@remote.test', 'info@shop.example']);

      const received = await relay.waitFor((m) => m.raw.includes('Subject: Your order 1042'), 20_000);
      assert.equal(received.mailFrom, 'info@shop.example');
      assert.deepEqual(received.rcptTo.sort(), ['archive@remote.test', 'customer@remote.test']);
      assert.ok(!/^Bcc:/im.test(received.raw), 'no Bcc header');
      assert.match(received.raw, /^From: "?Example Shop"? <info@shop\.example>/m);
      assert.match(received.raw, /^Reply-To: orders@shop\.example/m);
      assert.match(received.raw, /invoice-1042\.pdf/);
      assert.match(
        received.raw,
        new RegExp(`^Received: from \\[127\\.0\\.0\\.1\\] by mx\\.kontor\\.test \\(Kontor API, key ${sendKeyPrefix}\\) id ${sent.body.queueId};`, 'm'),
      );
      const records = await domainDnsRecords(t.db, CLI_ACTOR, 'shop.example', {
        mailHostname: 'mx.kontor.test',
        imapsPort: 993,
        submissionPort: 587,
        smtpsPort: 465,
        pop3sPort: 995,
      });
      const dkim = records.find((r) => r.name === 'kontor._domainkey.shop.example')!;
      const verified = await dkimVerify(Buffer.from(received.raw), {
        resolver: async (name: string) => {
          if (name === dkim.name) return [[dkim.value]];
          throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
        },
      });
      assert.equal(verified.results[0]?.status.result, 'pass', JSON.stringify(verified.results));
      assert.equal(verified.results[0]?.signingDomain, 'shop.example');

      // The hosted copy is in the INBOX at once.
      const local = await t.db.message.findFirst({ where: { mailboxId: infoId, subject: 'Your order 1042' } });
      assert.ok(local, 'delivered to the hosted cc');
      // The trace's rows: queued, then delivered by the worker; named with the key.
      const deadline = Date.now() + 10_000;
      let rows = await t.db.deliveryLog.findMany({ where: { queueId: sent.body.queueId } });
      while (!rows.some((r) => r.rcptTo === 'customer@remote.test' && r.status === 'delivered') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        rows = await t.db.deliveryLog.findMany({ where: { queueId: sent.body.queueId } });
      }
      assert.ok(rows.some((r) => r.rcptTo === 'customer@remote.test' && r.status === 'queued'));
      assert.ok(rows.some((r) => r.rcptTo === 'customer@remote.test' && r.status === 'delivered'));
      assert.ok(rows.some((r) => r.rcptTo === 'info@shop.example' && r.status === 'delivered'));
      const queued = rows.find((r) => r.status === 'queued')!;
      assert.equal((queued.verdicts as { client?: { user?: string } }).client?.user, `api:${sendKeyPrefix}`);
      assert.ok(await t.db.auditLog.findFirst({ where: { action: 'message.send', targetId: sent.body.queueId, actor: `api:${sendKeyPrefix}` } }));
    });

    it("keeps a read copy in the sender mailbox's Sent folder", async () => {
      const copy = await t.db.message.findFirst({ where: { mailboxId: infoId, folder: { name: 'Sent' }, subject: 'Your order 1042' } });
      assert.ok(copy, 'the order confirmation is in Sent of info@shop.example');
      assert.ok(copy.flags.includes('\\Seen'), 'and read');
      const inbox = await t.db.message.findFirst({ where: { mailboxId: infoId, folder: { name: 'INBOX' }, subject: 'Your order 1042' } });
      assert.equal(inbox?.blobHash, copy.blobHash, 'the same stored message as the INBOX copy (info@ was in cc)');
    });

    it("a hosted recipient's autoresponder answers mail sent through the API, as it answers mail over SMTP", async () => {
      await upsertAutoresponder(t.db, CLI_ACTOR, teamMailboxId, { enabled: true, subject: 'Away until Monday', body: 'I read your mail on Monday.' });
      const sent = await api(keys.send, 'POST', '/messages', {
        from: 'info@shop.example',
        to: 'office@team.example',
        subject: 'A question about 1042',
        text: 'Hello',
      });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      // The reply goes back to info@shop.example, hosted here: its INBOX.
      const deadline = Date.now() + 20_000;
      let reply = null;
      while (!reply && Date.now() < deadline) {
        reply = await t.db.message.findFirst({ where: { mailboxId: infoId, folder: { name: 'INBOX' }, subject: { contains: 'Away until Monday' } } });
        if (!reply) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(reply, 'the autoreply reached the sender');
      assert.equal(reply.inReplyTo.toLowerCase(), sent.body.messageId.toLowerCase(), 'it answers this message');
      const answered = await t.db.deliveryLog.findFirst({ where: { queueId: `${sent.body.queueId}-ar${teamMailboxId}`, rcptTo: 'info@shop.example' } });
      assert.equal(answered?.status, 'delivered', 'the trace has the autoreply under the message');
      await upsertAutoresponder(t.db, CLI_ACTOR, teamMailboxId, { enabled: false });
    });

    it("the trace shows the message to the sender domain's keys only", async () => {
      const search = await api(keys.shop, 'GET', `/trace?q=${orderQueueId}`);
      assert.equal(search.status, 200, JSON.stringify(search.body));
      assert.ok(search.body.rows.length >= 3);
      assert.ok(search.body.rows.every((r: { queueId: string }) => r.queueId === orderQueueId));
      assert.equal(typeof search.body.rows[0].id, 'string');
      const byAddress = await api(keys.shop, 'GET', '/trace?q=customer@remote.test&direction=OUTBOUND&status=delivered');
      assert.ok(byAddress.body.rows.some((r: { queueId: string }) => r.queueId === orderQueueId));
      assert.equal((await api(keys.shop, 'GET', '/trace?since=yesterday-ish')).status, 400);
      const journey = await api(keys.shop, 'GET', `/trace/${orderQueueId}`);
      assert.equal(journey.status, 200, JSON.stringify(journey.body));
      const submitted = journey.body.steps.find((s: { type: string }) => s.type === 'submitted');
      assert.equal(submitted?.user, `api:${sendKeyPrefix}`);
      assert.ok(journey.body.steps.some((s: { type: string; result?: string }) => s.type === 'attempt' && s.result === 'delivered'));
      assert.equal((await api(keys.team, 'GET', `/trace/${orderQueueId}`)).status, 404);
      assert.equal((await api(keys.team, 'GET', `/trace?q=${orderQueueId}`)).body.total, 0);
      assert.equal((await api(keys.send, 'GET', `/trace/${orderQueueId}`)).status, 403);
    });

    it('a sending key sends only as its senders; an @domain key as any address of the domain', async () => {
      const other = await api(keys.send, 'POST', '/messages', { ...order, from: 'boss@shop.example' });
      assert.equal(other.status, 403);
      const foreign = await api(keys.sendAll, 'POST', '/messages', { ...order, from: 'office@team.example' });
      assert.equal(foreign.status, 403);
      const robot = await api(keys.sendAll, 'POST', '/messages', {
        from: 'noreply@shop.example',
        to: 'customer@remote.test',
        subject: 'Reminder',
        text: 'Your appointment is tomorrow.',
      });
      assert.equal(robot.status, 202, JSON.stringify(robot.body));
      await relay.waitFor((m) => m.raw.includes('Subject: Reminder') && m.mailFrom === 'noreply@shop.example', 20_000);
    });

    it('bad input is answered with field errors', async () => {
      const missing = await api(keys.send, 'POST', '/messages', { from: 'info@shop.example' });
      assert.equal(missing.status, 400);
      assert.ok(missing.body.error.fields.to);
      assert.ok(missing.body.error.fields.subject);
      const badAddress = await api(keys.send, 'POST', '/messages', { ...order, to: ['not an address'] });
      assert.equal(badAddress.status, 400);
      assert.ok(badAddress.body.error.fields.to);
      const unknownLocal = await api(keys.send, 'POST', '/messages', { ...order, to: ['nobody@team.example'], cc: [], bcc: [] });
      assert.equal(unknownLocal.status, 400);
      assert.match(unknownLocal.body.error.fields.to, /not a mailbox/);
      const noBody = await api(keys.send, 'POST', '/messages', { from: 'info@shop.example', to: 'a@remote.test', subject: 'x' });
      assert.equal(noBody.status, 400);
      assert.ok(noBody.body.error.fields.text);
      const badFile = await api(keys.send, 'POST', '/messages', { ...order, attachments: [{ filename: 'x.pdf', content: '%%%' }] });
      assert.equal(badFile.status, 400);
      assert.ok(badFile.body.error.fields.attachments);
    });

    it("the mailbox's sending limit holds (shared with SMTP): 429 with Retry-After", async () => {
      const sent = await t.db.mailbox.findUniqueOrThrow({ where: { id: infoId } });
      assert.ok(sent);
      await t.db.mailbox.update({ where: { id: infoId }, data: { sendLimitPerHour: 1 } });
      const refused = await api(keys.send, 'POST', '/messages', { from: 'info@shop.example', to: 'customer@remote.test', subject: 'One more', text: 'x' });
      assert.equal(refused.status, 429, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'rate_limited');
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter > 3000 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
      await t.db.mailbox.update({ where: { id: infoId }, data: { sendLimitPerHour: null } });
    });
  });

  describe('OpenAPI', () => {
    /** Route files under app/api/v1 → "METHOD /path" in OpenAPI form. */
    function implementedRoutes(): string[] {
      const found: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const full = path.join(dir, name);
          if (statSync(full).isDirectory()) walk(full);
          else if (name === 'route.ts') {
            const route = `/${path.relative(API_DIR, dir).split(path.sep).join('/')}`.replace(/\[(\w+)\]/g, '{$1}');
            const exported = /export const \{([^}]+)\}/.exec(readFileSync(full, 'utf8'))?.[1] ?? '';
            for (const method of exported.split(',').map((m) => m.trim())) if (method) found.push(`${method} ${route}`);
          }
        }
      };
      walk(API_DIR);
      return found.sort();
    }

    it('is served without a key, validates as OpenAPI 3.1, and lists exactly the implemented routes', async () => {
      const answer = await api(null, 'GET', '/openapi.json');
      assert.equal(answer.status, 200);
      const validator = new Validator();
      const result = await validator.validate(answer.body);
      assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1));
      assert.equal(validator.version, '3.1');
      validator.resolveRefs();
      const documented = Object.entries(answer.body.paths as Record<string, Record<string, unknown>>)
        .flatMap(([route, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${route}`))
        .sort();
      assert.deepEqual(documented, implementedRoutes());
      assert.ok(answer.body.components.schemas.Domain, 'named schemas are components');
      const create = answer.body.paths['/domains/{id}/mailboxes'].post;
      assert.ok(create.requestBody.content['application/json'].schema.properties.password);
      assert.ok(create.responses['400'] && create.responses['409']);
    });
  });
});
