import { dmarcReportAddress, type Logger, splitAddress, tlsReportAddress } from '@kontor/core';
import { parseReportMail, ReportError } from '@kontor/core/reports';
import { type Db, type ReportKind, recordReport, recordReportFailure } from '@kontor/db';

/** The report addresses among a message's envelope recipients: which hosted domain, and which kind of report. */
export function reportTargetsOf(recipients: readonly string[]): Array<{ domain: string; kind: ReportKind }> {
  const targets = new Map<string, { domain: string; kind: ReportKind }>();
  for (const address of recipients) {
    const parts = splitAddress(address);
    if (!parts) continue;
    const domain = parts.domain.toLowerCase();
    const lower = address.toLowerCase();
    const kind: ReportKind | null = lower === dmarcReportAddress(domain) ? 'dmarc' : lower === tlsReportAddress(domain) ? 'tls' : null;
    if (kind) targets.set(`${kind}@${domain}`, { domain, kind });
  }
  return [...targets.values()];
}

/**
 * Reads the DMARC or TLS report a delivered mail carries and stores it for
 * each report address it went to (docs/dns.md, Reports). Runs after the
 * mail itself is committed: a report that cannot be read is recorded as a
 * failure with its reason, and nothing here can fail the delivery.
 */
export async function ingestReports(
  deps: { db: Db; log: Logger },
  message: { queueId: string; mailFrom: string; recipients: readonly string[]; read: () => Promise<Buffer> },
): Promise<void> {
  const targets = reportTargetsOf(message.recipients);
  if (!targets.length) return;
  const { db, log } = deps;
  try {
    const raw = await message.read();
    try {
      const mail = await parseReportMail(raw);
      for (const target of targets) {
        const { stored } = await recordReport(db, target.domain, mail);
        log.info(
          { queueId: message.queueId, domain: target.domain, kind: mail.report.kind, reporter: mail.report.orgName, reportId: mail.report.reportId, stored },
          stored ? 'report stored' : 'report already stored',
        );
      }
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      const subject = /^subject:[ \t]*(.*)$/im.exec(raw.subarray(0, 64 * 1024).toString('latin1'))?.[1]?.trim() ?? '';
      for (const target of targets) {
        await recordReportFailure(db, target.domain, { kind: target.kind, mailFrom: message.mailFrom, subject, refusal: error.refusal, reason: error.message });
      }
      log.info({ queueId: message.queueId, refusal: error.refusal, reason: error.message }, 'report not readable');
    }
  } catch (error) {
    log.warn({ err: error, queueId: message.queueId }, 'report ingestion failed');
  }
}
