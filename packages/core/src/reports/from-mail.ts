import { simpleParser } from 'mailparser';
import { type DmarcAggregateReport, parseDmarcAggregate } from './dmarc-aggregate.ts';
import { NotAReportError, ReportError } from './errors.ts';
import { parseTlsRpt, type TlsRptReport } from './tls-rpt.ts';
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits, unpackReport } from './unpack.ts';

export type ParsedReport = DmarcAggregateReport | TlsRptReport;

/** One report document (gzip, zip or plain; XML or JSON), told apart by its first character. */
export function parseReportDocument(data: Uint8Array, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): ParsedReport {
  const document = unpackReport(data, limits).replace(/^\uFEFF/, '');
  const first = document.trimStart()[0];
  if (first === '<') return parseDmarcAggregate(document);
  if (first === '{') return parseTlsRpt(document);
  throw new NotAReportError('The attachment is neither XML (DMARC) nor JSON (TLS-RPT)');
}

// Reporters name the media type many ways (RFC 7489 §7.2.1.1, RFC 8460 §5.3); the bytes decide in the end.
const REPORT_TYPE = /(gzip|zip|xml|json|tlsrpt|octet-stream)/i;
const REPORT_NAME = /\.(xml|json|gz|zip)$/i;

export interface ReportMail {
  subject: string;
  from: string;
  report: ParsedReport;
  /** The part the report came from, as sent (compressed or not), for the raw download. */
  raw: Uint8Array;
  filename: string;
}

/**
 * Finds the report in a received mail, whatever its MIME structure: the
 * first attachment that parses as one. A mail without one, or whose
 * candidates all fail, raises the first candidate's ReportError.
 */
export async function parseReportMail(message: Buffer, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<ReportMail> {
  const mail = await simpleParser(message, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const subject = mail.subject ?? '';
  const from = mail.from?.value[0]?.address ?? '';
  const candidates = mail.attachments.filter((a) => REPORT_TYPE.test(a.contentType) || REPORT_NAME.test(a.filename ?? ''));
  let firstError: ReportError | undefined;
  for (const attachment of candidates) {
    try {
      const raw = new Uint8Array(attachment.content);
      return { subject, from, report: parseReportDocument(raw, limits), raw, filename: attachment.filename ?? 'report' };
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      firstError ??= error;
    }
  }
  throw firstError ?? new NotAReportError('The mail carries no report attachment (gzip, zip, XML or JSON)');
}
