import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { MalformedReportError, NotAReportError, ReportSchemaError, ReportTooBigError } from './errors.ts';

/** More rows than any real reporter sends for one domain and day; beyond it the report is refused. */
export const MAX_DMARC_RECORDS = 50_000;

const text = z.string().trim();
const optionalText = z.string().trim().optional();
const count = z.coerce.number().int().nonnegative();
const epochSeconds = z.coerce
  .number()
  .int()
  .nonnegative()
  .transform((s) => new Date(s * 1000));
const lower = text.transform((s) => s.toLowerCase());

const dkimResult = z.object({ domain: lower, selector: optionalText, result: lower, human_result: optionalText });
const spfResult = z.object({ domain: lower, scope: optionalText, result: lower });
const reason = z.object({ type: lower, comment: optionalText });

const record = z.object({
  row: z.object({
    source_ip: text,
    count,
    policy_evaluated: z.object({
      disposition: lower,
      dkim: lower.optional(),
      spf: lower.optional(),
      reason: z.array(reason).default([]),
    }),
  }),
  identifiers: z.object({ header_from: lower, envelope_from: lower.optional(), envelope_to: lower.optional() }),
  auth_results: z.object({ dkim: z.array(dkimResult).default([]), spf: z.array(spfResult).default([]) }).default({ dkim: [], spf: [] }),
});

// RFC 7489 appendix C; DMARCbis (draft-ietf-dmarc-aggregate-reporting) adds
// <version>, <generator>, np/testing/discovery_method and drops pct: all optional here.
const feedback = z.object({
  version: optionalText,
  report_metadata: z.object({
    org_name: text.min(1),
    email: optionalText,
    extra_contact_info: optionalText,
    report_id: text.min(1),
    date_range: z.object({ begin: epochSeconds, end: epochSeconds }),
    generator: optionalText,
    error: z.array(text).default([]),
  }),
  policy_published: z.object({
    domain: lower.pipe(z.string().min(1)),
    adkim: lower.optional(),
    aspf: lower.optional(),
    p: lower,
    sp: lower.optional(),
    np: lower.optional(),
    pct: count.optional(),
    fo: optionalText,
    testing: lower.optional(),
    discovery_method: lower.optional(),
  }),
  record: z.array(record).min(1).max(MAX_DMARC_RECORDS),
});

export type DmarcAggregateFeedback = z.infer<typeof feedback>;

export interface DmarcRecordSummary {
  sourceIp: string;
  count: number;
  disposition: string;
  /** policy_evaluated: the DMARC-aligned DKIM and SPF outcome ("pass"/"fail"). */
  dkimAligned: boolean;
  spfAligned: boolean;
  headerFrom: string;
  envelopeFrom: string | null;
  reasons: Array<{ type: string; comment?: string }>;
  dkim: Array<{ domain: string; selector?: string; result: string }>;
  spf: Array<{ domain: string; scope?: string; result: string }>;
}

export interface DmarcAggregateReport {
  kind: 'dmarc';
  orgName: string;
  reportId: string;
  email: string | null;
  begin: Date;
  end: Date;
  policy: DmarcAggregateFeedback['policy_published'];
  errors: string[];
  records: DmarcRecordSummary[];
}

const ARRAY_PATHS = new Set([
  'feedback.record',
  'feedback.record.auth_results.dkim',
  'feedback.record.auth_results.spf',
  'feedback.record.row.policy_evaluated.reason',
  'feedback.report_metadata.error',
]);

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined XML entities and character references: all a report may use, and none can expand. */
function decodeXmlText(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (whole, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  // Entities are never expanded: XXE and entity-expansion bombs have nothing to work with.
  processEntities: false,
  htmlEntities: false,
  tagValueProcessor: (_name, value) => decodeXmlText(String(value)),
  isArray: (_name, jpath) => ARRAY_PATHS.has(String(jpath)),
});

function assertNoDoctype(xml: string): void {
  // Aggregate reports never declare a DTD; a DOCTYPE is only ever an attack (XXE, billion laughs).
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new MalformedReportError('The XML declares a DOCTYPE or entities, which reports never do; refused');
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  if (issue.code === 'too_big' && issue.path.join('.') === 'record') return `more than ${MAX_DMARC_RECORDS} records`;
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}

/** Parses one DMARC aggregate report document (RFC 7489 appendix C, DMARCbis). */
export function parseDmarcAggregate(xml: string): DmarcAggregateReport {
  assertNoDoctype(xml);
  // Counted before parsing, so a flood of rows costs a scan, not a parse.
  if ((xml.match(/<(?:\w+:)?record[\s>]/g)?.length ?? 0) > MAX_DMARC_RECORDS)
    throw new ReportTooBigError(`The report has more than ${MAX_DMARC_RECORDS} records`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new MalformedReportError(`The XML is malformed (line ${valid.err.line}: ${valid.err.msg})`);
  const document = parser.parse(xml) as Record<string, unknown>;
  if (!document || typeof document !== 'object' || !('feedback' in document))
    throw new NotAReportError('The XML is not a DMARC aggregate report (no <feedback> element)');
  const parsed = feedback.safeParse(document.feedback);
  if (!parsed.success) throw new ReportSchemaError(`The DMARC report does not follow the schema (${firstIssue(parsed.error)})`);
  const data = parsed.data;
  return {
    kind: 'dmarc',
    orgName: data.report_metadata.org_name,
    reportId: data.report_metadata.report_id,
    email: data.report_metadata.email ?? null,
    begin: data.report_metadata.date_range.begin,
    end: data.report_metadata.date_range.end,
    policy: data.policy_published,
    errors: data.report_metadata.error,
    records: data.record.map((r) => ({
      sourceIp: r.row.source_ip,
      count: r.row.count,
      disposition: r.row.policy_evaluated.disposition,
      dkimAligned: r.row.policy_evaluated.dkim === 'pass',
      spfAligned: r.row.policy_evaluated.spf === 'pass',
      headerFrom: r.identifiers.header_from,
      envelopeFrom: r.identifiers.envelope_from ?? null,
      reasons: r.row.policy_evaluated.reason,
      dkim: r.auth_results.dkim.map(({ domain, selector, result }) => ({ domain, result, ...(selector ? { selector } : {}) })),
      spf: r.auth_results.spf.map(({ domain, scope, result }) => ({ domain, result, ...(scope ? { scope } : {}) })),
    })),
  };
}
