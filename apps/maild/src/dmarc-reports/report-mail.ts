import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { base64Lines, formatMailbox, newMessageId, rfc5322Date } from '@kontor/core';
import { buildDmarcAggregateXml, type DmarcOutgoingRecord } from '@kontor/core/reports';
import type { dmarcEvaluationsByDomain } from '@kontor/db';

export type EvaluationRow = NonNullable<Awaited<ReturnType<typeof dmarcEvaluationsByDomain>> extends Map<string, infer R> ? R : never>[number];

/** Evaluations with the same source and outcome become one <record> with their count (RFC 7489 appendix C). */
export function recordsOf(rows: EvaluationRow[]): DmarcOutgoingRecord[] {
  const records = new Map<string, DmarcOutgoingRecord>();
  for (const row of rows) {
    const dkimResults = row.dkimResults as DmarcOutgoingRecord['dkimResults'];
    const spfResults = row.spfResults as DmarcOutgoingRecord['spfResults'];
    const key = JSON.stringify([row.sourceIp, row.headerFrom, row.envelopeFrom, row.dkimAligned, row.spfAligned, row.disposition, dkimResults, spfResults]);
    const existing = records.get(key);
    if (existing) existing.count += 1;
    else
      records.set(key, {
        sourceIp: row.sourceIp,
        count: 1,
        disposition: row.disposition === 'reject' || row.disposition === 'quarantine' ? row.disposition : 'none',
        dkim: row.dkimAligned ? 'pass' : 'fail',
        spf: row.spfAligned ? 'pass' : 'fail',
        headerFrom: row.headerFrom,
        ...(row.envelopeFrom ? { envelopeFrom: row.envelopeFrom } : {}),
        dkimResults,
        spfResults,
      });
  }
  return [...records.values()];
}

/**
 * The report mail (RFC 7489 §7.2.1.1): the gzipped XML attached as
 * receiver!policy-domain!begin!end!unique-id.xml.gz, subject
 * "Report Domain: … Submitter: … Report-ID: …".
 */
export function composeDmarcReportMail(options: {
  rows: EvaluationRow[];
  policyDomain: string;
  submitter: string;
  from: string;
  to: string[];
  begin: Date;
  end: Date;
  date?: Date;
}): { raw: string; messageId: string; reportId: string } {
  const { rows, policyDomain, submitter } = options;
  const latest = rows[rows.length - 1];
  const policy = (latest?.policy ?? { p: 'none', adkim: 'r', aspf: 'r' }) as { p: string; sp?: string; pct?: number; adkim: 'r' | 's'; aspf: 'r' | 's' };
  const unique = randomBytes(6).toString('hex');
  const reportId = `${policyDomain}.${Math.floor(options.end.getTime() / 1000)}.${unique}@${submitter}`;
  const xml = buildDmarcAggregateXml({
    orgName: submitter,
    email: options.from,
    reportId,
    begin: options.begin,
    end: options.end,
    policy: { domain: policyDomain, ...policy },
    records: recordsOf(rows),
  });
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  const filename = `${submitter}!${policyDomain}!${seconds(options.begin)}!${seconds(options.end)}!${unique}.xml.gz`;
  const messageId = newMessageId(submitter);
  const boundary = `dmarc-${randomBytes(12).toString('hex')}`;
  const lines = [
    `From: ${formatMailbox(options.from, 'DMARC reports')}`,
    `To: ${options.to.map((a) => `<${a}>`).join(', ')}`,
    `Subject: Report Domain: ${policyDomain} Submitter: ${submitter} Report-ID: <${reportId}>`,
    `Date: ${rfc5322Date(options.date)}`,
    `Message-ID: ${messageId}`,
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `This is a DMARC aggregate report (RFC 7489) for ${policyDomain} from ${submitter}.`,
    '',
    `--${boundary}`,
    'Content-Type: application/gzip',
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${filename}"`,
    '',
    base64Lines(gzipSync(Buffer.from(xml))),
    `--${boundary}--`,
    '',
  ];
  return { raw: lines.join('\r\n'), messageId, reportId };
}
