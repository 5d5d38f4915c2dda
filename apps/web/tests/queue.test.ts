// The panel's mail queue in a real browser: per-recipient state read from
// PostgreSQL, and "Delete, bounce" as a conditional change audited with the
// administrator, which leaves a delivered recipient alone and wakes the job.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OUTBOUND_QUEUE } from '@kontor/core';
import { claimOutboundRecipients, createOutboundRecipientsInTx, ensureSuperadmin, outboundRecipients, recordOutboundAttempt } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const ADMIN = { email: 'queue-admin@kontor.test', password: 'a long queue test password' };
const REDIS_PREFIX = `kontor-webqueue-${randomBytes(4).toString('hex')}`;
const JOB_ID = 'outbox-1';

describe('the mail queue in the panel', () => {
  let testDb: TestDatabase;
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  let redis: Redis;
  let queue: Queue;
  let page: Page;

  before(async () => {
    testDb = await createTestDatabase();
    await ensureSuperadmin(testDb.db, ADMIN);
    redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    queue = new Queue(OUTBOUND_QUEUE, { connection: redis, prefix: REDIS_PREFIX });
    // A message to two recipients: one delivered already, one waiting for its next attempt.
    await queue.add(
      'deliver',
      {
        queueId: 'webqueue01',
        blobSha256: '0'.repeat(64),
        size: 10,
        mailFrom: 'anna@example.com',
        recipients: ['done@remote.test', 'wait@remote.test'],
        kind: 'submission',
      },
      { jobId: JOB_ID, delay: 3_600_000 },
    );
    await testDb.db.$transaction((tx) =>
      createOutboundRecipientsInTx(tx, { jobId: JOB_ID, queueId: 'webqueue01', recipients: ['done@remote.test', 'wait@remote.test'] }),
    );
    const claim = await claimOutboundRecipients(testDb.db, JOB_ID, { leaseMs: 60_000 });
    await recordOutboundAttempt(
      testDb.db,
      claim.token,
      claim.recipients.map((r) =>
        r.recipient === 'done@remote.test'
          ? { id: r.id, result: 'delivered' as const, reply: '250 ok', remoteHost: 'mx.remote.test' }
          : {
              id: r.id,
              result: 'deferred' as const,
              reply: '451 4.7.1 Greylisted',
              remoteHost: 'mx.remote.test',
              nextAttemptAt: new Date(Date.now() + 3_600_000),
            },
      ),
    );
    web = await startWebServer({ DATABASE_URL: testDb.url, LOG_LEVEL: 'silent', REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${web.baseUrl}/`);
  });

  after(async () => {
    await browser?.close();
    await web?.stop();
    await queue?.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    redis?.disconnect();
    await testDb?.drop();
  });

  it('shows each recipient with its state from PostgreSQL, attempts and the last error', async () => {
    await page.goto(`${web!.baseUrl}/queue`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    const row = page.locator('tr[data-queue-id="webqueue01"]');
    const text = (await row.textContent()) ?? '';
    assert.match(text, /done@remote\.test \(delivered\)/);
    assert.match(text, /wait@remote\.test \(deferred\)/);
    assert.match(text, /retry scheduled/);
    assert.match(text, /1 attempt(?!s)/);
    assert.match(text, /451 4\.7\.1 Greylisted/);
  });

  it('"Delete, bounce" cancels only the pending recipient, audited with the administrator, and wakes the job', async () => {
    const row = page.locator('tr[data-queue-id="webqueue01"]');
    await row.getByRole('button', { name: 'Delete, bounce' }).click();
    await page.waitForFunction(() => document.querySelector('tr[data-queue-id="webqueue01"]')?.textContent?.includes('wait@remote.test (cancelled)'));
    const states = Object.fromEntries((await outboundRecipients(testDb.db, JOB_ID)).map((r) => [r.recipient, r.state]));
    assert.deepEqual(states, { 'done@remote.test': 'delivered', 'wait@remote.test': 'cancelled' });
    const audit = await testDb.db.auditLog.findFirstOrThrow({ where: { targetId: JOB_ID } });
    assert.equal(audit.action, 'queue.bounce');
    assert.equal(audit.actor, `admin:${ADMIN.email}`);
    assert.deepEqual(audit.before, { queueId: 'webqueue01', recipients: ['wait@remote.test'] });
    assert.equal(await (await queue.getJob(JOB_ID))?.getState(), 'waiting', 'promoted for the worker to report and release');
    assert.equal(await row.getByRole('button', { name: 'Delete, bounce' }).count(), 0, 'nothing left to act on');
  });
});
