import { XMLBuilder } from 'fast-xml-parser';

/** One row of an aggregate report Kontor sends: messages from one source with one outcome. */
export interface DmarcOutgoingRecord {
  sourceIp: string;
  count: number;
  disposition: 'none' | 'quarantine' | 'reject';
  dkim: 'pass' | 'fail';
  spf: 'pass' | 'fail';
  headerFrom: string;
  envelopeFrom?: string;
  dkimResults: Array<{ domain: string; selector?: string; result: string }>;
  spfResults: Array<{ domain: string; scope?: string; result: string }>;
}

export interface DmarcOutgoingReport {
  orgName: string;
  email: string;
  reportId: string;
  begin: Date;
  end: Date;
  policy: { domain: string; adkim: 'r' | 's'; aspf: 'r' | 's'; p: string; sp?: string; pct?: number };
  records: DmarcOutgoingRecord[];
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true, processEntities: true });

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** The aggregate report document (RFC 7489 appendix C) for one sender domain and period. */
export function buildDmarcAggregateXml(report: DmarcOutgoingReport): string {
  const feedback = {
    version: '1.0',
    report_metadata: {
      org_name: report.orgName,
      email: report.email,
      report_id: report.reportId,
      date_range: { begin: seconds(report.begin), end: seconds(report.end) },
    },
    policy_published: {
      domain: report.policy.domain,
      adkim: report.policy.adkim,
      aspf: report.policy.aspf,
      p: report.policy.p,
      sp: report.policy.sp ?? report.policy.p,
      pct: report.policy.pct ?? 100,
    },
    record: report.records.map((r) => ({
      row: { source_ip: r.sourceIp, count: r.count, policy_evaluated: { disposition: r.disposition, dkim: r.dkim, spf: r.spf } },
      identifiers: { header_from: r.headerFrom, ...(r.envelopeFrom ? { envelope_from: r.envelopeFrom } : {}) },
      auth_results: {
        ...(r.dkimResults.length
          ? { dkim: r.dkimResults.map((d) => ({ domain: d.domain, ...(d.selector ? { selector: d.selector } : {}), result: d.result })) }
          : {}),
        // RFC 7489 appendix C: at least one SPF result; "none" when nothing was evaluated.
        spf: r.spfResults.length ? r.spfResults : [{ domain: r.envelopeFrom ?? r.headerFrom, scope: 'mfrom', result: 'none' }],
      },
    })),
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ feedback })}`;
}

/** The mailto: addresses of a DMARC record's rua= tag (RFC 7489 §6.4; a "!size" limit is dropped). */
export function ruaMailtoAddresses(record: string): string[] {
  const tag = record
    .split(';')
    .map((part) => part.trim())
    .find((part) => /^rua\s*=/i.test(part));
  if (!tag) return [];
  return tag
    .replace(/^rua\s*=\s*/i, '')
    .split(',')
    .map((uri) => uri.trim())
    .filter((uri) => /^mailto:/i.test(uri))
    .map((uri) => {
      const address = uri.slice('mailto:'.length).replace(/!\d+[kmgt]?$/i, '');
      try {
        return decodeURIComponent(address).toLowerCase();
      } catch {
        return address.toLowerCase();
      }
    })
    .filter((address) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address));
}

const within = (name: string, domain: string) => name === domain || name.endsWith(`.${domain}`);

/**
 * The TXT name that must authorise reports about `senderDomain` going to
 * `ruaDomain` (RFC 7489 §7.1), or null when the destination is within the
 * sender domain (or it within the destination's) and needs no check.
 */
export function externalReportAuthorizationName(senderDomain: string, ruaDomain: string): string | null {
  const sender = senderDomain.toLowerCase();
  const rua = ruaDomain.toLowerCase();
  if (within(rua, sender) || within(sender, rua)) return null;
  return `${sender}._report._dmarc.${rua}`;
}
