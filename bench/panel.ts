// The panel at scale: 10,000 mailboxes in one domain, 1,000,000 DeliveryLog
// rows over 30 days, about 100,000 audit rows (seeded in SQL with
// generate_series) and a backlog of 500 outbound jobs (a remote domain that
// has been deferring for a day: BullMQ jobs with their recipient rows),
// then the built panel signed in, and every list page timed: the median and p95 of several requests each, printed against the
// 200 ms target. Slowness is a figure, not a failure; the run fails only
// when a page answers with an error.
//
//   npm run bench -- panel                 (10,000 mailboxes, 1,000,000 log rows, 12 requests a page)
//   node --import tsx bench/panel.ts 20000 2000000 20
//   KONTOR_BENCH_KEEP=1 …                  (keeps the seeded database and prints its URL, for EXPLAIN ANALYZE)
import { randomBytes } from 'node:crypto';
import { OUTBOUND_QUEUE, type OutboundJob } from '@kontor/core';
import { CLI_ACTOR, createDomain, ensureSuperadmin } from '@kontor/db';
import { createTestDatabase } from '@kontor/db/testing';
import { Queue } from 'bullmq';
import { credentialsSignIn, startWebServer } from '../apps/web/tests/lib/web-server.ts';

const MAILBOXES = Number(process.argv[2] ?? 10_000);
const LOG_ROWS = Number(process.argv[3] ?? 1_000_000);
const REQUESTS = Number(process.argv[4] ?? 12);
const AUDIT_ROWS = 100_000;
const QUEUED_JOBS = 500;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PREFIX = `kontor-bench-panel-${randomBytes(4).toString('hex')}`;
const TARGET_MS = 200;
const ADMIN = { email: 'admin@bench.example', password: 'a long bench password' };

const t = await createTestDatabase();
const log = (line: string) => console.log(`  ${line}`);
/** A day as the trace filter takes it (YYYY-MM-DD), n days before today. */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
let failed = 0;
let web: Awaited<ReturnType<typeof startWebServer>> | undefined;
const queue = new Queue(OUTBOUND_QUEUE, { connection: { url: REDIS_URL }, prefix: REDIS_PREFIX });
try {
  const seedStarted = performance.now();
  await ensureSuperadmin(t.db, ADMIN);
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'bench.example', description: 'The big one' });
  const sql = (query: string) => t.db.$executeRawUnsafe(query);
  // 30 more domains around it, so the domain list is more than one row.
  await sql(
    `INSERT INTO "Domain" (name, "unicodeName", "updatedAt") SELECT 'other' || g || '.example', 'other' || g || '.example', now() FROM generate_series(1, 30) g`,
  );
  await sql(`INSERT INTO "Mailbox" ("domainId", "localPart", "displayName", "passwordHash", "quotaBytes", "usedBytes", "messageCount", "updatedAt")
    SELECT ${domain.id}, 'user' || lpad(g::text, 5, '0'), 'Person ' || g, 'x', 1073741824, (random() * 500000000)::bigint, (random() * 5000)::int, now()
    FROM generate_series(1, ${MAILBOXES}) g`);
  // Every 50th forwards, every 40th has an autoresponder switched on.
  await sql(`UPDATE "Mailbox" SET "forwardTo" = ARRAY['away' || id || '@elsewhere.example'] WHERE id % 50 = 0`);
  await sql(`INSERT INTO "Autoresponder" ("mailboxId", subject, body, enabled, "updatedAt")
    SELECT id, 'Out of office', 'Back soon', true, now() FROM "Mailbox" WHERE id % 40 = 0`);
  await sql(`INSERT INTO "Alias" ("domainId", "localPart", destinations, "updatedAt")
    SELECT ${domain.id}, 'team' || g, ARRAY['user' || lpad(g::text, 5, '0') || '@bench.example', 'partner' || g || '@agency.example'], now()
    FROM generate_series(1, 500) g`);
  await sql(`INSERT INTO "DeliveryLog" ("messageId", "queueId", direction, "mailFrom", "rcptTo", status, "remoteHost", "domainId", "mailboxId", "createdAt", "updatedAt")
    SELECT '<' || g || '.bench@sender' || (g % 1000) || '.example>', upper(to_hex(g::bigint * 7919)),
      (CASE WHEN g % 4 = 0 THEN 'OUTBOUND' ELSE 'INBOUND' END)::"MailDirection",
      'sender' || (g % 1000) || '@sender' || (g % 1000) || '.example',
      'user' || lpad((1 + g % ${MAILBOXES})::text, 5, '0') || '@bench.example',
      (ARRAY['delivered', 'delivered', 'delivered', 'delivered', 'accepted', 'rejected', 'deferred', 'bounced', 'forwarded', 'delivered'])[1 + g % 10],
      'mx' || (g % 20) || '.remote.example', ${domain.id}, NULL, ts, ts
    FROM (SELECT g, now() - random() * interval '30 days' AS ts FROM generate_series(1, ${LOG_ROWS}) g) rows`);
  await sql(`INSERT INTO "AuditLog" (actor, action, "targetType", "targetId", "domainId", after, ip, "createdAt")
    SELECT CASE WHEN g % 3 = 0 THEN 'cli' ELSE 'admin:' || '${ADMIN.email}' END,
      (ARRAY['mailbox.create', 'mailbox.update', 'alias.create', 'alias.update', 'mailbox.delete'])[1 + g % 5], 'mailbox', (1 + g % ${MAILBOXES})::text, ${domain.id},
      jsonb_build_object('localPart', 'user' || lpad((1 + g % ${MAILBOXES})::text, 5, '0')), '127.0.0.1', now() - random() * interval '30 days'
    FROM generate_series(1, ${AUDIT_ROWS}) g`);
  // The backlog: each job waits for its retry in an hour; its two recipients were deferred three times.
  const now = Date.now();
  await queue.addBulk(
    Array.from({ length: QUEUED_JOBS }, (_, i) => ({
      name: 'deliver',
      data: {
        queueId: `bench${String(i).padStart(11, '0')}`,
        blobSha256: '0'.repeat(64),
        size: 4096,
        mailFrom: `user${String(1 + (i % MAILBOXES)).padStart(5, '0')}@bench.example`,
        recipients: [`buyer${i}@slow.example`, `office${i}@slow.example`],
        kind: 'submission',
        dkimDomain: 'bench.example',
        createdAt: now - 86_400_000 + i * 1000,
      } satisfies OutboundJob,
      opts: { jobId: `outbox-${i + 1}`, delay: 3_600_000 },
    })),
  );
  await sql(`INSERT INTO "OutboundRecipient" ("jobId", "queueId", recipient, state, attempts, "lastReply", "remoteHost", "nextAttemptAt", "updatedAt")
    SELECT 'outbox-' || (g + 1), 'bench' || lpad(g::text, 11, '0'), r || g || '@slow.example', 'deferred', 3,
      '451 4.7.1 Try again later', 'mx.slow.example', now() + interval '1 hour', now()
    FROM generate_series(0, ${QUEUED_JOBS - 1}) g CROSS JOIN unnest(ARRAY['buyer', 'office']) r`);
  await sql('ANALYZE');
  console.log(
    `kontor panel: ${MAILBOXES.toLocaleString('en')} mailboxes in one domain, ${LOG_ROWS.toLocaleString('en')} DeliveryLog rows, ${AUDIT_ROWS.toLocaleString('en')} audit rows, ${QUEUED_JOBS} queued jobs (seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`,
  );

  web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'warn', REDIS_URL, REDIS_PREFIX });
  const signIn = await credentialsSignIn(web.baseUrl, ADMIN.email, ADMIN.password);
  if (signIn.error) throw new Error(`sign-in failed: ${signIn.error}`);
  const { cookie } = signIn;
  const base = `/domains/${domain.id}`;
  const pages: Array<[label: string, path: string]> = [
    ['dashboard', '/'],
    ['domains', '/domains'],
    ['domains, search', '/domains?q=bench'],
    ['mailboxes, page 1', base],
    ['mailboxes, page 150', `${base}?page=150`],
    ['mailboxes, search', `${base}?q=user0421`],
    ['mailboxes, search by name', `${base}?q=Person%20777`],
    ['aliases', `${base}/aliases`],
    ['aliases, search destination', `${base}/aliases?q=partner42%40`],
    ['DNS records', `${base}/dns`],
    ['audit log', '/audit'],
    ['audit, target address', `/audit?target=${encodeURIComponent('user00042@bench.example')}`],
    ['audit, target and action', `/audit?target=user04242&action=alias`],
    ['trace, address', `/trace?q=${encodeURIComponent('user00042@bench.example')}`],
    ['trace, status and direction', '/trace?status=bounced&direction=OUTBOUND'],
    ['trace, address and dates', `/trace?q=${encodeURIComponent('sender42@sender42.example')}&from=${daysAgo(20)}&to=${daysAgo(10)}`],
    ['mail queue', '/queue'],
  ];

  async function timeOnce(path: string): Promise<{ ms: number; status: number; bytes: number; location: string | null }> {
    const started = performance.now();
    const response = await fetch(`${web!.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
    const body = await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status, bytes: body.byteLength, location: response.headers.get('location') };
  }

  const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  console.log(`  server time per page over loopback (${REQUESTS} requests after 2 warm-ups), target ${TARGET_MS} ms:`);
  log(`${'page'.padEnd(30)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'size'.padStart(9)}`);
  for (const [label, path] of pages) {
    const first = await timeOnce(path);
    if (first.status === 404) {
      log(`${label.padEnd(30)} not there yet (404 for ${path})`);
      continue;
    }
    if (first.status !== 200) {
      failed++;
      log(`${label.padEnd(30)} ERROR ${first.status}${first.location ? ` → ${first.location}` : ''} for ${path}`);
      continue;
    }
    await timeOnce(path);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const result = await timeOnce(path);
      if (result.status !== 200) {
        failed++;
        log(`${label.padEnd(30)} ERROR ${result.status} on request ${i + 1} for ${path}`);
        break;
      }
      times.push(result.ms);
      bytes = result.bytes;
    }
    if (times.length < REQUESTS) continue;
    times.sort((a, b) => a - b);
    const median = quantile(times, 0.5);
    const p95 = quantile(times, 0.95);
    const verdict = p95 <= TARGET_MS ? 'ok' : median <= TARGET_MS ? 'p95 over target' : 'OVER TARGET';
    log(
      `${label.padEnd(30)} ${`${median.toFixed(0)} ms`.padStart(8)} ${`${p95.toFixed(0)} ms`.padStart(8)} ${`${(bytes / 1024).toFixed(0)} KB`.padStart(9)}  ${verdict}`,
    );
  }
} catch (error) {
  failed++;
  console.error(error);
} finally {
  await web?.stop();
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  if (process.env.KONTOR_BENCH_KEEP) console.log(`  kept the database: ${t.url}`);
  else await t.drop();
}
process.exit(failed ? 1 : 0);
