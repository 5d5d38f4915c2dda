import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { base64Lines, formatMailbox, newMessageId, rfc5322Date } from '@kontor/core';
import type { OutboundTlsSessionRow } from '@kontor/db';

/** The `rua` destinations of a `_smtp._tls` TXT record (RFC 8460 §3): mailto: addresses and https: URLs. */
export function tlsRptDestinations(txt: string[]): { mailto: string[]; https: string[] } {
  const record = txt.find((t) => /^v=TLSRPTv1\s*(;|$)/i.test(t.trim()));
  if (!record) return { mailto: [], https: [] };
  const uris = (/(?:^|;)\s*rua=([^;]*)/i.exec(record)?.[1] ?? '').split(',').map((uri) => uri.trim());
  const mailto = uris
    .filter((uri) => /^mailto:/i.test(uri))
    .map((uri) => decodeURIComponent(uri.slice('mailto:'.length).split('?')[0]!))
    .filter((address) => /^[^@\s]+@[^@\s]+$/.test(address));
  const https = uris.filter((uri) => URL.canParse(uri) && new URL(uri).protocol === 'https:');
  return { mailto, https };
}

/** The report as §5.1 names it and as it travels, gzipped (mail attachment and HTTPS body alike). */
export function packTlsReport(report: ReturnType<typeof buildTlsReport>, policyDomain: string, submitter: string): { filename: string; gzipped: Buffer } {
  const begin = Math.floor(Date.parse(report['date-range']['start-datetime']) / 1000);
  const end = Math.floor(Date.parse(report['date-range']['end-datetime']) / 1000);
  // §5.1: submitter!policy-domain!begin!end!unique-id.json.gz
  const filename = `${submitter}!${policyDomain}!${begin}!${end}!${randomBytes(4).toString('hex')}.json.gz`;
  return { filename, gzipped: gzipSync(Buffer.from(JSON.stringify(report))) };
}

/** RFC 8460 §4.4: one report, the day's sessions to one recipient domain, grouped by the policy they ran under. */
export function buildTlsReport(options: { day: string; policyDomain: string; submitter: string; reportId: string; sessions: OutboundTlsSessionRow[] }) {
  const groups = new Map<string, OutboundTlsSessionRow[]>();
  for (const s of options.sessions) {
    const key = JSON.stringify([s.policyType, s.policyStrings, s.policyType === 'sts' ? '' : s.mxHost]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const policies = [...groups.values()].map((sessions) => {
    const first = sessions[0]!;
    const failures = new Map<string, { row: OutboundTlsSessionRow; count: number }>();
    for (const s of sessions.filter((x) => x.result !== 'success')) {
      const key = JSON.stringify([s.result, s.mxHost, s.receivingIp]);
      failures.set(key, { row: s, count: (failures.get(key)?.count ?? 0) + 1 });
    }
    return {
      policy: {
        'policy-type': first.policyType,
        ...(first.policyStrings.length ? { 'policy-string': first.policyStrings } : {}),
        'policy-domain': options.policyDomain,
        ...(first.policyType === 'sts' ? {} : { 'mx-host': first.mxHost }),
      },
      summary: {
        'total-successful-session-count': sessions.filter((s) => s.result === 'success').length,
        'total-failure-session-count': sessions.filter((s) => s.result !== 'success').length,
      },
      'failure-details': [...failures.values()].map(({ row, count }) => ({
        'result-type': row.result,
        'receiving-mx-hostname': row.mxHost,
        ...(row.receivingIp ? { 'receiving-ip': row.receivingIp } : {}),
        'failed-session-count': count,
        ...(row.reason ? { 'additional-information': row.reason } : {}),
      })),
    };
  });
  return {
    'organization-name': options.submitter,
    'date-range': { 'start-datetime': `${options.day}T00:00:00Z`, 'end-datetime': `${options.day}T23:59:59Z` },
    'contact-info': `postmaster@${options.submitter}`,
    'report-id': options.reportId,
    policies,
  };
}

/**
 * The report as mail (RFC 8460 §5.3): multipart/report; report-type="tlsrpt"
 * with the gzipped JSON as application/tlsrpt+gzip, the TLS-Report-Domain
 * and TLS-Report-Submitter fields, and the subject the RFC suggests.
 */
export function composeTlsReportMail(options: {
  report: ReturnType<typeof buildTlsReport>;
  policyDomain: string;
  submitter: string;
  from: string;
  to: string[];
  date?: Date;
}): { raw: string; messageId: string } {
  const { report, policyDomain, submitter } = options;
  const messageId = newMessageId(submitter);
  const boundary = `tlsrpt-${randomBytes(12).toString('hex')}`;
  const { filename, gzipped } = packTlsReport(report, policyDomain, submitter);
  const lines = [
    `From: ${formatMailbox(options.from, 'TLS reports')}`,
    `To: ${options.to.map((a) => `<${a}>`).join(', ')}`,
    `Subject: Report Domain: ${policyDomain} Submitter: ${submitter} Report-ID: <${report['report-id']}>`,
    `Date: ${rfc5322Date(options.date)}`,
    `Message-ID: ${messageId}`,
    `TLS-Report-Domain: ${policyDomain}`,
    `TLS-Report-Submitter: ${submitter}`,
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type="tlsrpt"; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `This is an SMTP TLS report (RFC 8460) for ${policyDomain} from ${submitter}.`,
    '',
    `--${boundary}`,
    'Content-Type: application/tlsrpt+gzip',
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${filename}"`,
    '',
    base64Lines(gzipped),
    `--${boundary}--`,
    '',
  ];
  return { raw: lines.join('\r\n'), messageId };
}
