import { z } from 'zod';
import { MalformedReportError, NotAReportError, ReportSchemaError, ReportTooBigError } from './errors.ts';

/** More policies or failure details than a real report holds; beyond it the report is refused. */
export const MAX_TLS_RPT_ENTRIES = 10_000;

const count = z.number().int().nonnegative();
const stringList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

// RFC 8460 §4.4 (JSON field names as registered there).
const failureDetail = z.object({
  'result-type': z.string().min(1),
  'sending-mta-ip': z.string().optional(),
  'receiving-mx-hostname': z.string().optional(),
  'receiving-mx-helo': z.string().optional(),
  'receiving-ip': z.string().optional(),
  'failed-session-count': count,
  'additional-information': z.string().optional(),
  'failure-reason-code': z.string().optional(),
});

const policyReport = z.object({
  policy: z.object({
    'policy-type': z.string().min(1),
    'policy-string': stringList.optional(),
    'policy-domain': z.string().min(1),
    'mx-host': stringList.optional(),
  }),
  summary: z.object({ 'total-successful-session-count': count, 'total-failure-session-count': count }),
  'failure-details': z.array(failureDetail).max(MAX_TLS_RPT_ENTRIES).default([]),
});

const tlsReport = z.object({
  'organization-name': z.string().min(1),
  'date-range': z.object({ 'start-datetime': z.iso.datetime({ offset: true }), 'end-datetime': z.iso.datetime({ offset: true }) }),
  'contact-info': z.string().optional(),
  'report-id': z.string().min(1),
  policies: z.array(policyReport).max(MAX_TLS_RPT_ENTRIES),
});

export interface TlsRptPolicySummary {
  policyType: string;
  policyDomain: string;
  mxHosts: string[];
  successful: number;
  failed: number;
  failures: Array<{ resultType: string; count: number; sendingMtaIp?: string; receivingMxHostname?: string; receivingIp?: string; reasonCode?: string }>;
}

export interface TlsRptReport {
  kind: 'tls';
  orgName: string;
  reportId: string;
  contact: string | null;
  begin: Date;
  end: Date;
  policies: TlsRptPolicySummary[];
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

/** Parses one SMTP TLS report document (RFC 8460 §4). */
export function parseTlsRpt(json: string): TlsRptReport {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new MalformedReportError(`The JSON is malformed (${(error as Error).message})`, { cause: error });
  }
  if (!document || typeof document !== 'object' || Array.isArray(document) || !('policies' in document)) {
    throw new NotAReportError('The JSON is not a TLS report (no "policies")');
  }
  const policies = (document as { policies: unknown }).policies;
  if (Array.isArray(policies) && policies.length > MAX_TLS_RPT_ENTRIES) throw new ReportTooBigError(`The report has more than ${MAX_TLS_RPT_ENTRIES} policies`);
  const parsed = tlsReport.safeParse(document);
  if (!parsed.success) throw new ReportSchemaError(`The TLS report does not follow RFC 8460 (${firstIssue(parsed.error)})`);
  const data = parsed.data;
  return {
    kind: 'tls',
    orgName: data['organization-name'],
    reportId: data['report-id'],
    contact: data['contact-info'] ?? null,
    begin: new Date(data['date-range']['start-datetime']),
    end: new Date(data['date-range']['end-datetime']),
    policies: data.policies.map((p) => ({
      policyType: p.policy['policy-type'].toLowerCase(),
      policyDomain: p.policy['policy-domain'].toLowerCase(),
      mxHosts: p.policy['mx-host'] ?? [],
      successful: p.summary['total-successful-session-count'],
      failed: p.summary['total-failure-session-count'],
      failures: p['failure-details'].map((f) => ({
        resultType: f['result-type'],
        count: f['failed-session-count'],
        ...(f['sending-mta-ip'] ? { sendingMtaIp: f['sending-mta-ip'] } : {}),
        ...(f['receiving-mx-hostname'] ? { receivingMxHostname: f['receiving-mx-hostname'] } : {}),
        ...(f['receiving-ip'] ? { receivingIp: f['receiving-ip'] } : {}),
        ...(f['failure-reason-code'] ? { reasonCode: f['failure-reason-code'] } : {}),
      })),
    })),
  };
}
