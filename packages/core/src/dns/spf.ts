import { type DNSResolver, spf } from 'mailauth';
import { type DnsResolver, lookup, txtStrings } from './resolver.ts';

/** RFC 7208 §4.5: the TXT records of a name that are SPF records (`v=spf1` then a space or the end). */
export function spfRecordsOf(txts: string[]): string[] {
  return txts.filter((t) => /^v=spf1(\s|$)/i.test(t.trim()));
}

/** The terms after `v=spf1`. */
function termsOf(record: string): string[] {
  return record.trim().split(/\s+/).slice(1);
}

/** True when the record ends in `+all` or a bare `all`: anyone may send. */
export function spfAllowsAll(record: string): boolean {
  return termsOf(record).some((term) => /^\+?all$/i.test(term));
}

/**
 * DNS lookups an evaluation of `record` costs (RFC 7208 §4.6.4): one for
 * each include, a, mx, ptr and exists mechanism and the redirect modifier,
 * plus what every included or redirected record costs in turn. A name
 * with macros cannot be followed here and counts once; a record that
 * includes itself (on the way down) never ends, so it is over any limit.
 * Counting stops past `limit` (the answer is then just "too many").
 */
export async function countSpfLookups(record: string, resolver: DnsResolver, limit = 10, path: ReadonlySet<string> = new Set()): Promise<number> {
  let count = 0;
  for (const term of termsOf(record)) {
    const match = /^[+?~-]?(include|a|mx|ptr|exists)(?:[:/]|$)|^(redirect)=/i.exec(term);
    if (!match) continue;
    count++;
    const kind = (match[1] ?? match[2])!.toLowerCase();
    if ((kind === 'include' || kind === 'redirect') && count <= limit) {
      const target = term.slice(term.search(/[:=]/) + 1).toLowerCase();
      if (target.includes('%')) continue;
      if (path.has(target)) return limit + 1;
      const answer = await lookup<string[]>(resolver, target, 'TXT');
      const included = answer.kind === 'found' ? spfRecordsOf(txtStrings(answer.answers))[0] : undefined;
      if (included) count += await countSpfLookups(included, resolver, limit - count, new Set([...path, target]));
    }
    if (count > limit) return count;
  }
  return count;
}

/**
 * What a receiver would conclude for mail from `ip` with the envelope
 * sender postmaster@`domain` (mailauth's evaluation, RFC 7208 §4): pass,
 * fail, softfail, neutral, none, permerror or temperror.
 */
export async function evaluateSpf(options: { domain: string; ip: string; helo: string; resolver: DnsResolver }): Promise<string> {
  const result = await spf({
    sender: `postmaster@${options.domain}`,
    ip: options.ip,
    helo: options.helo,
    mta: options.helo,
    // Our resolver answers as node:dns does, which is what mailauth reads; its declared type is narrower (TXT only).
    resolver: options.resolver as DNSResolver,
  });
  return result.status.result;
}
