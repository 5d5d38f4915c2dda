import { describedSelftestVerdicts, NotFoundError, SELFTEST_CHECKS, SELFTEST_FIX_CODES } from '@kontor/core';
import { latestSelftest, requestSelftest, type SelftestRun } from '@kontor/db';
import { z } from 'zod';
import { defineOperation, idParams } from '../operation.ts';
import { readOperation } from './row-operations.ts';

const verdictSchema = z
  .object({
    check: z.enum(SELFTEST_CHECKS),
    status: z.enum(['pass', 'fail', 'warn']),
    found: z.string().meta({ description: 'What the receiving side found, e.g. "pass (d=example.com, a=ed25519-sha256)"' }),
    fix: z.enum(SELFTEST_FIX_CODES).optional().meta({ description: 'Why it does not pass, as a code' }),
    values: z.record(z.string(), z.string()).optional(),
    fixText: z.string().meta({ description: 'What to do, in English; empty when it passes' }),
  })
  .meta({ id: 'SelftestVerdict' });

const runSchema = z
  .object({
    id: z.number().int(),
    domain: z.string(),
    state: z.enum(['pending', 'done', 'timed-out']).meta({ description: 'pending until the probe arrives (at most 60 s), then done or timed-out' }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    verdicts: z
      .array(verdictSchema)
      .meta({ description: 'One per check once done: spf, dkim-rsa, dkim-ed25519, dmarc, tls, ptr-helo, blocklist, size, headers' }),
  })
  .meta({ id: 'Selftest' });

function runOf(run: SelftestRun): z.output<typeof runSchema> {
  return {
    id: run.id,
    domain: run.domain,
    state: run.state,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    verdicts: describedSelftestVerdicts(run.verdicts),
  };
}

export const startSelftestOp = defineOperation({
  id: 'startSelftest',
  method: 'POST',
  path: '/domains/{id}/selftest',
  tag: 'domains',
  summary: 'Start a deliverability self-test',
  description:
    'maild sends a probe from postmaster@ of the domain through the outbound queue (DKIM, MX lookup of MAIL_HOSTNAME) to its own MX, which evaluates it as a receiver would. Answers 202 with the pending run; poll GET /domains/{id}/selftest until its state is done or timed-out.',
  access: 'admin',
  params: idParams,
  status: 202,
  response: runSchema,
  handler: async ({ db, actor, params }) => runOf(await requestSelftest(db, actor, params.id)),
});

export const latestSelftestOp = readOperation({
  id: 'getSelftest',
  path: '/domains/{id}/selftest',
  tag: 'domains',
  summary: 'The latest deliverability self-test',
  description:
    'The latest run with its verdicts (SPF, DKIM per key, DMARC alignment, TLS, PTR/HELO, blocklists, size and headers), each with its fix where it fails; 404 when none ran.',
  response: runSchema,
  read: async (db, actor, id) => {
    const run = await latestSelftest(db, actor, id);
    if (!run) throw new NotFoundError('No self-test of this domain yet');
    return runOf(run);
  },
});
