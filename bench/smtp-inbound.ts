// Inbound SMTP throughput: N messages over C connections into one mailbox,
// through the real daemon (spool, SPF/DKIM/DMARC, blob store, delivery
// transaction). Prints messages/s, latency per message and the daemon's
// memory. With Postfix's smtp-source installed it drives the load; otherwise
// nodemailer does.
//
//   npm run bench -- smtp            (N=1000, C=8)
//   node --import tsx bench/smtp-inbound.ts 5000 16
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase } from '@kontor/db/testing';
import nodemailer from 'nodemailer';
import { startMaild } from '../tests/e2e/lib/maild.ts';

const N = Number(process.argv[2] ?? 1000);
const C = Number(process.argv[3] ?? 8);
const run = promisify(execFile);

const t = await createTestDatabase();
const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', password: 'correct horse battery', quota: '0' });
const maild = await startMaild({
  databaseUrl: t.url,
  env: { SMTP_CONNECTIONS_PER_MINUTE: '0', SMTP_MAX_CONNECTIONS_PER_IP: '1000' },
  // KONTOR_BENCH_PROFILE=dir writes a CPU profile of the daemon there.
  nodeArgs: process.env.KONTOR_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.KONTOR_BENCH_PROFILE}`] : [],
});

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

const body = `${'This is a line of a typical business message body.\n'.repeat(60)}`;
const started = process.hrtime.bigint();
let tool: string;
const latencies: number[] = [];
if (spawnSync('sh', ['-c', 'command -v smtp-source'], { stdio: 'ignore' }).status === 0) {
  tool = 'smtp-source (Postfix)';
  await run('smtp-source', [
    '-m',
    String(N),
    '-s',
    String(C),
    '-l',
    '4096',
    '-f',
    'bench@client.test',
    '-t',
    'info@example.com',
    `127.0.0.1:${maild.ports.smtp}`,
  ]);
} else {
  tool = 'nodemailer pool';
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: maild.ports.smtp,
    pool: true,
    maxConnections: C,
    maxMessages: Infinity,
    name: 'client.test',
    ignoreTLS: true,
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < N) {
        const i = next++;
        const t0 = performance.now();
        await transport.sendMail({ from: 'bench@client.test', to: 'info@example.com', subject: `bench ${i}`, text: body });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  transport.close();
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const stored = await t.db.message.count();
latencies.sort((a, b) => a - b);
const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1) : 'n/a');

console.log(`kontor smtp inbound: ${N} messages, ${C} connections, driven by ${tool}`);
console.log(`  ${(N / seconds).toFixed(0)} messages/s (${seconds.toFixed(2)} s); stored ${stored}`);
console.log(`  latency per message p50 ${pct(50)} ms, p99 ${pct(99)} ms`);
console.log(`  maild RSS after the run: ${(rssOf(maild.child.pid!) / 1024 / 1024).toFixed(0)} MB`);
if (spawnSync('sh', ['-c', 'command -v postfix'], { stdio: 'ignore' }).status !== 0) {
  console.log('  peer: Postfix is not installed here, so no peer figures (apt-get install postfix to compare)');
}
await maild.stop({ cleanup: true });
await t.drop();
