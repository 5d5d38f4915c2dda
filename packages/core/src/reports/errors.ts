import { KontorError } from '../errors.ts';

/**
 * Why a DMARC or TLS-RPT report was refused. The mail that carried it is
 * still delivered; the reason is recorded and shown in the panel.
 */
export type ReportRefusal = 'too_big' | 'not_a_report' | 'malformed' | 'wrong_schema';

export class ReportError extends KontorError {
  readonly code = 'report_refused';
  constructor(
    readonly refusal: ReportRefusal,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class ReportTooBigError extends ReportError {
  constructor(message: string) {
    super('too_big', message);
  }
}

export class NotAReportError extends ReportError {
  constructor(message: string) {
    super('not_a_report', message);
  }
}

export class MalformedReportError extends ReportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('malformed', message, options);
  }
}

export class ReportSchemaError extends ReportError {
  constructor(message: string) {
    super('wrong_schema', message);
  }
}
