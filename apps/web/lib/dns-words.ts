import type { DnsIssue, DnsWarning } from '@kontor/core/dns';
import type { getTranslations } from 'next-intl/server';

type DnsCheckTranslator = Awaited<ReturnType<typeof getTranslations<'dnsCheck'>>>;

/**
 * A finding of the DNS check in the reader's language. Its code names a
 * message of dnsCheck.issues (or .warnings) and its values fill that
 * message; lib/dns-words.test.ts proves every code has its message in
 * both languages with the same placeholders as the English of core, which
 * is what next-intl's per-key types cannot see through a computed key.
 */
export function issueText(t: DnsCheckTranslator, issue: DnsIssue): string {
  return (t as unknown as (key: string, values?: DnsIssue['values']) => string)(`issues.${issue.code}`, issue.values ?? {});
}

export function warningText(t: DnsCheckTranslator, warning: DnsWarning): string {
  return (t as unknown as (key: string, values?: DnsWarning['values']) => string)(`warnings.${warning.code}`, warning.values);
}
