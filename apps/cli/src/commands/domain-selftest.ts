/** `kontor domain selftest DOMAIN [--json]`: send a probe to this server and show what a receiver computes for it. */
import { setTimeout as sleep } from 'node:timers/promises';
import { type CommandSpec, JSON_OPTION } from '../args.ts';
import { core, data } from '../deps.ts';
import { CliError } from '../errors.ts';
import { table, toJson } from '../output.ts';
import { findDomain } from './common.ts';

export const domainSelftestCommand: CommandSpec = {
  name: 'selftest',
  summary: 'Send a test message through the outbound path to this server and show SPF, DKIM, DMARC, TLS, PTR/HELO, blocklist and header verdicts',
  positionals: [{ name: 'DOMAIN' }],
  options: { json: JSON_OPTION },
  examples: ['kontor domain selftest example.com', 'kontor domain selftest example.com --json'],
  notes: [
    'maild must be running (workers and smtp roles): it sends the probe from postmaster@DOMAIN to kontor-selftest-<token>@MAIL_HOSTNAME and evaluates it at its MX. Waits at most 60 s.',
    'Exit code 1 when a verdict fails or the probe did not arrive in time.',
    'JSON: {"id","domain","state":"done|timed-out","createdAt","finishedAt","verdicts":[{"check","status":"pass|fail|warn","found","fix","values","fixText"}]} (as GET /api/v1/domains/{id}/selftest).',
  ],
  async run(ctx, input) {
    const [{ describedSelftestVerdicts }, { CLI_ACTOR, latestSelftest, requestSelftest }] = await Promise.all([core(), data()]);
    const domain = await findDomain(ctx, input.arg('DOMAIN'));
    const db = await ctx.db();
    const started = await requestSelftest(db, CLI_ACTOR, domain.id);
    let run = started;
    while (run.state === 'pending') {
      await sleep(250);
      const latest = await latestSelftest(db, CLI_ACTOR, domain.id);
      if (!latest || latest.id !== started.id) throw new CliError('Another self-test of this domain started meanwhile; run it again');
      run = latest;
    }
    const verdicts = describedSelftestVerdicts(run.verdicts);
    if (input.flag('json')) {
      ctx.print(toJson({ id: run.id, domain: run.domain, state: run.state, createdAt: run.createdAt, finishedAt: run.finishedAt, verdicts }));
    } else if (run.state === 'timed-out') {
      ctx.print(`The probe for ${domain.unicodeName} did not arrive within 60 s. Is maild running, and does MAIL_HOSTNAME's MX (or address) reach it?`);
    } else {
      ctx.print(
        [
          `Self-test of ${domain.unicodeName}: a message from postmaster@${domain.name}, as this server received it`,
          '',
          table(
            [
              { header: 'STATUS', value: (v: (typeof verdicts)[number]) => v.status.toUpperCase() },
              { header: 'CHECK', value: (v) => v.check },
              { header: 'FOUND', value: (v) => v.found },
            ],
            verdicts,
          ),
          ...verdicts.filter((v) => v.fixText).map((v) => `  ${v.check}: ${v.fixText}`),
        ].join('\n'),
      );
    }
    if (run.state !== 'done') throw new CliError(`The self-test of ${domain.unicodeName} timed out`);
    const failed = verdicts.filter((v) => v.status === 'fail').length;
    if (failed) throw new CliError(`${failed} self-test ${failed === 1 ? 'verdict fails' : 'verdicts fail'} for ${domain.unicodeName}`);
  },
};
