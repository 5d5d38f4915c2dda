import type { DnsRecordHint } from '../dns-records.ts';
import { type DnsIssue, isProblem } from './issues.ts';
import type { DnsResolver } from './resolver.ts';
import { type ValueDiff, valueDiff } from './value-diff.ts';

/** found: published and right; missing: nothing there; wrong: published but not what works; error: DNS did not answer. */
export const DNS_CHECK_STATUSES = ['ok', 'missing', 'wrong', 'error'] as const;
export type DnsCheckStatus = (typeof DNS_CHECK_STATUSES)[number];

/** One record of the live check: the hint (what to publish), what DNS has, the verdict and why. */
export interface DnsRecordCheck extends DnsRecordHint {
  status: DnsCheckStatus;
  /** The published values that matter for this record (e.g. every MX, the SPF record among the TXT ones). */
  found: string[];
  issues: DnsIssue[];
  /** Expected and published side by side, pieces that differ marked (when something is published and differs). */
  diff?: ValueDiff;
}

/** What every record check may use. */
export interface RecordCheckContext {
  resolver: DnsResolver;
  /** MAIL_HOSTNAME, lowercase, no trailing dot. */
  host: string;
  /** The server's public addresses (PUBLIC_ADDRESSES, else what MAIL_HOSTNAME resolves to); empty when unknown. */
  addresses: string[];
  /** The hosted domain the record belongs to ('' for the server's records). */
  domain: string;
}

/** The verdict from the issues: any problem makes it wrong. */
export function verdict(hint: DnsRecordHint, found: string[], issues: DnsIssue[], diffStyle: 'tags' | 'words' = 'words'): DnsRecordCheck {
  const status: DnsCheckStatus = issues.some((i) => i.code === 'lookupFailed')
    ? 'error'
    : issues.some((i) => i.code === 'notPublished')
      ? 'missing'
      : issues.some(isProblem)
        ? 'wrong'
        : 'ok';
  const differs = found.length > 0 && hint.value && !found.some((f) => normalised(f) === normalised(hint.value));
  return { ...hint, status, found, issues, ...(differs ? { diff: valueDiff(hint.value, closest(hint.value, found), diffStyle) } : {}) };
}

const normalised = (value: string) => value.trim().replace(/\s+/g, ' ').replace(/\.$/, '').toLowerCase();

/** The published value most like the expected one (most shared words), to set beside it. */
function closest(expected: string, found: string[]): string {
  const words = new Set(normalised(expected).split(/[\s;]+/));
  const score = (f: string) =>
    normalised(f)
      .split(/[\s;]+/)
      .filter((w) => words.has(w)).length;
  return [...found].sort((a, b) => score(b) - score(a))[0]!;
}

/** A lookup that found nothing or failed, as the record's verdict. */
export function unanswered(hint: DnsRecordHint, result: { kind: 'none' } | { kind: 'error'; code: string }, found: string[] = []): DnsRecordCheck {
  return verdict(hint, found, [result.kind === 'error' ? { code: 'lookupFailed', values: { code: result.code } } : { code: 'notPublished' }]);
}
