/**
 * DMARC aggregate and TLS-RPT reports received for hosted domains: the one
 * writer of DmarcReport, DmarcReportRecord, TlsReport, TlsReportPolicy and
 * ReportFailure (maild calls it at delivery), and the figures the panel,
 * the API and the CLI show. Parsing lives in @kontor/core/reports.
 */
import { NotFoundError } from '@kontor/core';
import type { DmarcAggregateReport, ReportMail, ReportRefusal, TlsRptReport } from '@kontor/core/reports';
import type { Actor } from './actor.ts';
import type { Db, DbTx } from './client.ts';
import { getDomain } from './domains.ts';

export type ReportKind = 'dmarc' | 'tls';

const DAY_MS = 86_400_000;
export const REPORT_PERIODS = [7, 30, 90] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'P2002';
}

async function storeDmarc(db: Db, domainId: number, report: DmarcAggregateReport, mail: ReportMail): Promise<boolean> {
  try {
    await db.dmarcReport.create({
      data: {
        domainId,
        orgName: report.orgName,
        reportId: report.reportId,
        email: report.email,
        beginAt: report.begin,
        endAt: report.end,
        policy: report.policy,
        errors: report.errors,
        raw: Buffer.from(mail.raw),
        filename: mail.filename,
        records: {
          create: report.records.map((r) => ({
            sourceIp: r.sourceIp,
            count: r.count,
            disposition: r.disposition,
            dkimAligned: r.dkimAligned,
            spfAligned: r.spfAligned,
            headerFrom: r.headerFrom,
            envelopeFrom: r.envelopeFrom,
            details: { dkim: r.dkim, spf: r.spf, reasons: r.reasons },
          })),
        },
      },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

async function storeTls(db: Db, domainId: number, report: TlsRptReport, mail: ReportMail): Promise<boolean> {
  try {
    await db.tlsReport.create({
      data: {
        domainId,
        orgName: report.orgName,
        reportId: report.reportId,
        contact: report.contact,
        beginAt: report.begin,
        endAt: report.end,
        raw: Buffer.from(mail.raw),
        filename: mail.filename,
        policies: {
          create: report.policies.map((p) => ({
            policyType: p.policyType,
            policyDomain: p.policyDomain,
            mxHosts: p.mxHosts,
            successful: p.successful,
            failed: p.failed,
            failures: p.failures,
          })),
        },
      },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/**
 * Stores a received report for the hosted domain it was addressed to; a
 * report already stored (same reporter and report id) is kept once:
 * `stored` is false for the repeat.
 */
export async function recordReport(db: Db, domainName: string, mail: ReportMail): Promise<{ stored: boolean }> {
  const domain = await db.domain.findUnique({ where: { name: domainName.toLowerCase() }, select: { id: true } });
  if (!domain) throw new NotFoundError(`No domain ${domainName}`);
  const stored = mail.report.kind === 'dmarc' ? await storeDmarc(db, domain.id, mail.report, mail) : await storeTls(db, domain.id, mail.report, mail);
  return { stored };
}

/** Records a mail to a report address that held no readable report (shown in the panel with its reason). */
export async function recordReportFailure(
  db: Db,
  domainName: string,
  failure: { kind: ReportKind; mailFrom: string; subject: string; refusal: ReportRefusal; reason: string },
): Promise<void> {
  const domain = await db.domain.findUnique({ where: { name: domainName.toLowerCase() }, select: { id: true } });
  if (!domain) return;
  await db.reportFailure.create({
    data: {
      domainId: domain.id,
      kind: failure.kind,
      mailFrom: failure.mailFrom.slice(0, 320),
      subject: failure.subject.slice(0, 500),
      refusal: failure.refusal,
      reason: failure.reason.slice(0, 1000),
    },
  });
}

export interface DmarcSource {
  sourceIp: string;
  reporters: string[];
  headerFroms: string[];
  messages: number;
  /** Messages that passed DMARC (aligned DKIM or aligned SPF) and that failed it. */
  dmarcPass: number;
  dmarcFail: number;
  dkimAlignedPass: number;
  dkimAlignedFail: number;
  spfAlignedPass: number;
  spfAlignedFail: number;
  /** Messages by the disposition the receiver applied (none, quarantine, reject). */
  dispositions: Record<string, number>;
}

export interface ReceivedReport {
  id: number;
  orgName: string;
  reportId: string;
  beginAt: Date;
  endAt: Date;
  receivedAt: Date;
  filename: string;
}

function since(days: ReportPeriod, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

function failuresOf(db: DbTx, domainId: number, kind: ReportKind, from: Date) {
  return db.reportFailure.findMany({
    where: { domainId, kind, receivedAt: { gte: from } },
    orderBy: { receivedAt: 'desc' },
    take: 100,
    select: { id: true, mailFrom: true, subject: true, refusal: true, reason: true, receivedAt: true },
  });
}

function addSource(
  sources: Map<string, DmarcSource>,
  orgName: string,
  r: { sourceIp: string; count: number; disposition: string; dkimAligned: boolean; spfAligned: boolean; headerFrom: string },
) {
  const source = sources.get(r.sourceIp) ?? {
    sourceIp: r.sourceIp,
    reporters: [],
    headerFroms: [],
    messages: 0,
    dmarcPass: 0,
    dmarcFail: 0,
    dkimAlignedPass: 0,
    dkimAlignedFail: 0,
    spfAlignedPass: 0,
    spfAlignedFail: 0,
    dispositions: {},
  };
  if (!source.reporters.includes(orgName)) source.reporters.push(orgName);
  if (!source.headerFroms.includes(r.headerFrom)) source.headerFroms.push(r.headerFrom);
  source.messages += r.count;
  // RFC 7489 §3.1/§4.2: DMARC passes when either aligned identifier passes.
  if (r.dkimAligned || r.spfAligned) source.dmarcPass += r.count;
  else source.dmarcFail += r.count;
  if (r.dkimAligned) source.dkimAlignedPass += r.count;
  else source.dkimAlignedFail += r.count;
  if (r.spfAligned) source.spfAlignedPass += r.count;
  else source.spfAlignedFail += r.count;
  source.dispositions[r.disposition] = (source.dispositions[r.disposition] ?? 0) + r.count;
  sources.set(r.sourceIp, source);
}

/**
 * DMARC figures of a domain over the last `days` (by report end): per
 * sending source, failing sources first (most failed messages first), then
 * by volume; the reports received and the mails that could not be read.
 */
export async function dmarcReportSummary(db: DbTx, actor: Actor, domainId: number, days: ReportPeriod = 30, now = new Date()) {
  const domain = await getDomain(db, actor, domainId);
  const from = since(days, now);
  const reports = await db.dmarcReport.findMany({
    where: { domainId: domain.id, endAt: { gte: from } },
    orderBy: { endAt: 'desc' },
    select: { id: true, orgName: true, reportId: true, beginAt: true, endAt: true, receivedAt: true, filename: true, records: true },
  });
  const sources = new Map<string, DmarcSource>();
  for (const report of reports) for (const record of report.records) addSource(sources, report.orgName, record);
  const ordered = [...sources.values()].sort((a, b) => b.dmarcFail - a.dmarcFail || b.messages - a.messages || a.sourceIp.localeCompare(b.sourceIp));
  const totals = ordered.reduce((t, s) => ({ messages: t.messages + s.messages, dmarcPass: t.dmarcPass + s.dmarcPass, dmarcFail: t.dmarcFail + s.dmarcFail }), {
    messages: 0,
    dmarcPass: 0,
    dmarcFail: 0,
  });
  return {
    domain: domain.name,
    days,
    totals,
    sources: ordered,
    reports: reports.map(({ records: _records, ...r }): ReceivedReport => r),
    failures: await failuresOf(db, domain.id, 'dmarc', from),
  };
}

export interface TlsPolicyFigures {
  reporter: string;
  policyType: string;
  policyDomain: string;
  successful: number;
  failed: number;
  /** Failed sessions by result type (RFC 8460 §4.3). */
  failures: Record<string, number>;
}

/** TLS-RPT figures of a domain over the last `days`: sessions by reporter and policy, failures by result type. */
export async function tlsReportSummary(db: DbTx, actor: Actor, domainId: number, days: ReportPeriod = 30, now = new Date()) {
  const domain = await getDomain(db, actor, domainId);
  const from = since(days, now);
  const reports = await db.tlsReport.findMany({
    where: { domainId: domain.id, endAt: { gte: from } },
    orderBy: { endAt: 'desc' },
    select: { id: true, orgName: true, reportId: true, beginAt: true, endAt: true, receivedAt: true, filename: true, policies: true },
  });
  const figures = new Map<string, TlsPolicyFigures>();
  for (const report of reports) {
    for (const p of report.policies) {
      const key = `${report.orgName}\u0000${p.policyType}\u0000${p.policyDomain}`;
      const entry = figures.get(key) ?? {
        reporter: report.orgName,
        policyType: p.policyType,
        policyDomain: p.policyDomain,
        successful: 0,
        failed: 0,
        failures: {},
      };
      entry.successful += p.successful;
      entry.failed += p.failed;
      for (const f of p.failures as Array<{ resultType: string; count: number }>) entry.failures[f.resultType] = (entry.failures[f.resultType] ?? 0) + f.count;
      figures.set(key, entry);
    }
  }
  const policies = [...figures.values()].sort((a, b) => b.failed - a.failed || a.reporter.localeCompare(b.reporter));
  const totals = policies.reduce((t, p) => ({ successful: t.successful + p.successful, failed: t.failed + p.failed }), { successful: 0, failed: 0 });
  return {
    domain: domain.name,
    days,
    totals,
    policies,
    reports: reports.map(({ policies: _policies, ...r }): ReceivedReport => r),
    failures: await failuresOf(db, domain.id, 'tls', from),
  };
}

/** One received report's attachment as the reporter sent it, for the raw download. */
export async function receivedReportRaw(
  db: DbTx,
  actor: Actor,
  domainId: number,
  kind: ReportKind,
  id: number,
): Promise<{ filename: string; raw: Uint8Array }> {
  const domain = await getDomain(db, actor, domainId);
  const where = { id, domainId: domain.id };
  const row =
    kind === 'dmarc'
      ? await db.dmarcReport.findFirst({ where, select: { filename: true, raw: true } })
      : await db.tlsReport.findFirst({ where, select: { filename: true, raw: true } });
  if (!row) throw new NotFoundError(`No ${kind} report ${id}`);
  return { filename: row.filename, raw: row.raw };
}
