import type { DnsRecordHint } from '../dns-records.ts';
import type { DnsIssue } from './issues.ts';
import { type DnsRecordCheck, type RecordCheckContext, unanswered, verdict } from './record-check.ts';
import { lookup, txtStrings } from './resolver.ts';
import { countSpfLookups, evaluateSpf, spfAllowsAll, spfRecordsOf } from './spf.ts';
import { mailtoAddresses, parseTagList, tagMap } from './tag-list.ts';

async function txtAt(hint: DnsRecordHint, ctx: RecordCheckContext) {
  return lookup<string[]>(ctx.resolver, hint.name, 'TXT');
}

/**
 * SPF of a domain (or of MAIL_HOSTNAME): exactly one record, at most 10
 * lookups, and it authorises every address of this server, as mailauth
 * evaluates it for postmaster@<name>. Without a known server address the
 * record can only be compared as text.
 */
export async function checkSpf(hint: DnsRecordHint, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const result = await txtAt(hint, ctx);
  if (result.kind !== 'found') return unanswered(hint, result);
  const records = spfRecordsOf(txtStrings(result.answers));
  if (!records.length) return unanswered(hint, { kind: 'none' });
  if (records.length > 1) return verdict(hint, records, [{ code: 'spfMultiple', values: { count: records.length } }]);
  const record = records[0]!;
  const issues: DnsIssue[] = [];
  const count = await countSpfLookups(record, ctx.resolver);
  issues.push(count > 10 ? { code: 'spfTooManyLookups', values: { count } } : { code: 'spfLookups', values: { count } });
  if (spfAllowsAll(record)) issues.push({ code: 'spfAllowsAll' });
  if (!ctx.addresses.length) {
    issues.push({ code: 'spfUnevaluated' });
    return verdict(hint, records, issues);
  }
  const results = await Promise.all(
    ctx.addresses.map(async (ip) => ({ ip, result: await evaluateSpf({ domain: hint.name, ip, helo: ctx.host, resolver: ctx.resolver }) })),
  );
  for (const r of results) if (r.result !== 'pass') issues.push({ code: 'spfNotAuthorised', values: { ip: r.ip, result: r.result } });
  if (results.every((r) => r.result === 'pass')) issues.push({ code: 'spfAuthorised', values: { ips: ctx.addresses.join(', ') } });
  return verdict(hint, records, issues);
}

/** DKIM (RFC 6376 §3.6.1): one key record under the selector, with this key (p=) of this type (k=, rsa by default). */
export async function checkDkim(hint: DnsRecordHint, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const result = await txtAt(hint, ctx);
  if (result.kind !== 'found') return unanswered(hint, result);
  const found = txtStrings(result.answers);
  if (found.length > 1) return verdict(hint, found, [{ code: 'dkimMultiple' }], 'tags');
  const tags = parseTagList(found[0]!);
  const expected = tagMap(hint.value);
  if (!tags) return verdict(hint, found, [{ code: 'dkimInvalid', values: { reason: 'not tag=value pairs' } }], 'tags');
  const published = new Map(tags);
  const version = published.get('v');
  if (version !== undefined && version !== 'DKIM1') return verdict(hint, found, [{ code: 'dkimInvalid', values: { reason: `v=${version}` } }], 'tags');
  const key = (published.get('p') ?? '').replace(/\s+/g, '');
  if (!key)
    return verdict(
      hint,
      found,
      [{ code: 'dkimInvalid', values: { reason: key === '' && published.has('p') ? 'the key is revoked (empty p=)' : 'no p=' } }],
      'tags',
    );
  const same = key === expected.get('p') && (published.get('k') ?? 'rsa').toLowerCase() === expected.get('k');
  return verdict(hint, found, same ? [] : [{ code: 'dkimKeyDiffers' }], 'tags');
}

const DMARC_POLICIES = ['none', 'quarantine', 'reject'];

/** Why a DMARC record does not parse (RFC 7489 §6.3, §6.4), or null when it does. */
export function dmarcProblem(record: string): string | null {
  const tags = parseTagList(record);
  if (!tags) return 'not tag=value pairs';
  if (tags[0]?.[0] !== 'v' || tags[0][1] !== 'DMARC1') return 'it must start with v=DMARC1';
  const map = new Map(tags);
  const p = map.get('p')?.toLowerCase();
  if (p === undefined) return 'no p= policy';
  if (!DMARC_POLICIES.includes(p)) return `p=${map.get('p')} is not none, quarantine or reject`;
  const sp = map.get('sp')?.toLowerCase();
  if (sp !== undefined && !DMARC_POLICIES.includes(sp)) return `sp=${map.get('sp')} is not none, quarantine or reject`;
  for (const tag of ['adkim', 'aspf']) {
    const v = map.get(tag)?.toLowerCase();
    if (v !== undefined && v !== 'r' && v !== 's') return `${tag}=${map.get(tag)} is not r or s`;
  }
  const pct = map.get('pct');
  if (pct !== undefined && !(/^\d{1,3}$/.test(pct) && Number(pct) <= 100)) return `pct=${pct} is not 0 to 100`;
  for (const tag of ['rua', 'ruf']) {
    const v = map.get(tag);
    if (v?.split(',').some((uri) => !/^[a-z][a-z0-9+.-]*:\S+$/i.test(uri.trim()))) return `${tag}= is not a list of URIs`;
  }
  return null;
}

/** DMARC: one record that parses; notes when it only monitors or sends its reports elsewhere. */
export async function checkDmarc(hint: DnsRecordHint, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const result = await txtAt(hint, ctx);
  if (result.kind !== 'found') return unanswered(hint, result);
  const found = txtStrings(result.answers).filter((t) => /^v\s*=\s*DMARC1/i.test(t.trim()));
  if (!found.length) return unanswered(hint, { kind: 'none' }, txtStrings(result.answers));
  if (found.length > 1) return verdict(hint, found, [{ code: 'dmarcMultiple' }], 'tags');
  const problem = dmarcProblem(found[0]!);
  if (problem) return verdict(hint, found, [{ code: 'dmarcInvalid', values: { reason: problem } }], 'tags');
  const tags = tagMap(found[0]!);
  const issues: DnsIssue[] = [];
  if (tags.get('p')?.toLowerCase() === 'none') issues.push({ code: 'dmarcMonitorOnly' });
  const expected = mailtoAddresses(tagMap(hint.value).get('rua'));
  const rua = mailtoAddresses(tags.get('rua'));
  if (!expected.every((a) => rua.includes(a)))
    issues.push({ code: 'dmarcReportsElsewhere', values: { addresses: rua.join(', ') || '–', expected: expected.join(', ') } });
  return verdict(hint, found, issues, 'tags');
}

/** MTA-STS (RFC 8461 §3.1): one `v=STSv1; id=…` record whose id is the served policy's. */
export async function checkMtaSts(hint: DnsRecordHint, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const result = await txtAt(hint, ctx);
  if (result.kind !== 'found') return unanswered(hint, result);
  const found = txtStrings(result.answers).filter((t) => /^v=STSv1/i.test(t.trim()));
  if (!found.length) return unanswered(hint, { kind: 'none' }, txtStrings(result.answers));
  if (found.length > 1) return verdict(hint, found, [{ code: 'mtaStsMultiple' }], 'tags');
  const tags = parseTagList(found[0]!);
  const map = new Map(tags ?? []);
  const id = map.get('id') ?? '';
  if (!tags || map.get('v') !== 'STSv1' || !/^[A-Za-z0-9]{1,32}$/.test(id)) return verdict(hint, found, [{ code: 'mtaStsInvalid' }], 'tags');
  return verdict(hint, found, id === tagMap(hint.value).get('id') ? [] : [{ code: 'mtaStsStaleId', values: { id } }], 'tags');
}

/** TLS-RPT (RFC 8460 §3): `v=TLSRPTv1; rua=…` with at least one mailto: or https: destination. */
export async function checkTlsRpt(hint: DnsRecordHint, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const result = await txtAt(hint, ctx);
  if (result.kind !== 'found') return unanswered(hint, result);
  const found = txtStrings(result.answers).filter((t) => /^v=TLSRPTv1/i.test(t.trim()));
  if (!found.length) return unanswered(hint, { kind: 'none' }, txtStrings(result.answers));
  const tags = parseTagList(found[0]!);
  const map = new Map(tags ?? []);
  const rua = map.get('rua') ?? '';
  if (found.length > 1 || !tags || map.get('v') !== 'TLSRPTv1' || !rua.split(',').some((u) => /^(mailto|https):\S+/i.test(u.trim()))) {
    return verdict(hint, found, [{ code: 'tlsRptInvalid' }], 'tags');
  }
  const expected = mailtoAddresses(tagMap(hint.value).get('rua'));
  const published = mailtoAddresses(rua);
  const issues: DnsIssue[] = expected.every((a) => published.includes(a))
    ? []
    : [{ code: 'tlsRptReportsElsewhere', values: { addresses: rua, expected: expected.join(', ') } }];
  return verdict(hint, found, issues, 'tags');
}
