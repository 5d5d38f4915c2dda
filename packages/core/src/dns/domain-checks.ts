import { isIP } from 'node:net';
import type { DnsRecordHint } from '../dns-records.ts';
import type { DnsIssue } from './issues.ts';
import { canonicalName } from './names.ts';
import { type DnsRecordCheck, type RecordCheckContext, unanswered, verdict } from './record-check.ts';
import { lookup } from './resolver.ts';

/** MX: right when one of the exchanges is this server (others may be backups). */
export async function checkMx(hint: DnsRecordHint, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const result = await lookup<{ exchange: string; priority: number }>(ctx.resolver, hint.name, 'MX');
  if (result.kind !== 'found') return unanswered(hint, result);
  const mx = [...result.answers].sort((a, b) => a.priority - b.priority);
  const found = mx.map((m) => `${m.priority} ${canonicalName(m.exchange)}.`);
  const others = mx.map((m) => canonicalName(m.exchange)).filter((h) => h !== ctx.host);
  const ours = others.length < mx.length;
  const issues: DnsIssue[] = ours
    ? others.length
      ? [{ code: 'mxAlsoOthers', values: { hosts: others.join(', ') } }]
      : []
    : [{ code: 'mxElsewhere', values: { hosts: others.join(', ') } }];
  return verdict(hint, found, issues);
}

async function addressesOf(ctx: RecordCheckContext, name: string): Promise<string[]> {
  const [a, aaaa] = await Promise.all([lookup<string>(ctx.resolver, name, 'A'), lookup<string>(ctx.resolver, name, 'AAAA')]);
  return [...(a.kind === 'found' ? a.answers : []), ...(aaaa.kind === 'found' ? aaaa.answers : [])];
}

/**
 * CNAME to this server (autoconfig, autodiscover, mta-sts). An address
 * record instead is fine when it names one of this server's addresses.
 */
export async function checkCname(hint: DnsRecordHint, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const result = await lookup<string>(ctx.resolver, hint.name, 'CNAME');
  if (result.kind === 'error') return unanswered(hint, result);
  if (result.kind === 'found') {
    const targets = result.answers.map(canonicalName);
    const issues: DnsIssue[] = targets.includes(ctx.host) ? [] : [{ code: 'cnameElsewhere', values: { target: targets.join(', ') } }];
    return verdict(
      hint,
      targets.map((t) => `${t}.`),
      issues,
    );
  }
  const addresses = await addressesOf(ctx, hint.name);
  if (!addresses.length) return unanswered(hint, { kind: 'none' });
  const server = ctx.addresses.length ? ctx.addresses : await addressesOf(ctx, ctx.host);
  const same = addresses.some((a) => server.includes(a));
  return verdict(hint, addresses, [same ? { code: 'addressInsteadOfCname' } : { code: 'cnameElsewhere', values: { target: addresses.join(', ') } }]);
}

/** SRV (RFC 6186, RFC 8314 §5.1, autodiscover): one of the targets must be this server on the expected port. */
export async function checkSrv(hint: DnsRecordHint, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const result = await lookup<{ name: string; port: number; priority: number; weight: number }>(ctx.resolver, hint.name, 'SRV');
  if (result.kind !== 'found') return unanswered(hint, result);
  const port = Number(hint.value.split(/\s+/)[2]);
  const found = result.answers.map((s) => `${s.priority} ${s.weight} ${s.port} ${canonicalName(s.name) || ''}.`);
  const right = result.answers.some((s) => canonicalName(s.name) === ctx.host && s.port === port);
  const targets = result.answers.map((s) => `${canonicalName(s.name) || '.'}:${s.port}`).join(', ');
  return verdict(hint, found, right ? [] : [{ code: 'srvElsewhere', values: { targets } }]);
}

/** A or AAAA of MAIL_HOSTNAME: this server's address, and no other (when the addresses are configured). */
export async function checkAddress(hint: DnsRecordHint, ctx: RecordCheckContext, configured: boolean): Promise<DnsRecordCheck> {
  const result = await lookup<string>(ctx.resolver, hint.name, hint.type);
  if (result.kind !== 'found') return unanswered(hint, result);
  const family = hint.type === 'A' ? 4 : 6;
  const expected = ctx.addresses.filter((a) => isIP(a) === family);
  const foreign = (hint.value && !result.answers.includes(hint.value)) || (configured && result.answers.some((a) => !expected.includes(a)));
  return verdict(hint, result.answers, foreign ? [{ code: 'addressNotThisServer', values: { expected: expected.join(', ') } }] : []);
}
