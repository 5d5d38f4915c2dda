import { dmarcReportSummary, tlsReportSummary } from '@kontor/db';
import { z } from 'zod';
import { defineOperation, idParams } from '../operation.ts';
import { dateTime } from '../schemas.ts';

const TAG = 'domains';

const periodQuery = z.object({
  days: z.coerce
    .number()
    .pipe(z.union([z.literal(7), z.literal(30), z.literal(90)]))
    .default(30)
    .meta({ description: 'The period: reports that ended in the last 7, 30 or 90 days' }),
});

const receivedSchema = z.object({
  id: z.number().int(),
  orgName: z.string(),
  reportId: z.string(),
  beginAt: dateTime,
  endAt: dateTime,
  receivedAt: dateTime,
  filename: z.string(),
});
const failureSchema = z.object({
  id: z.number().int(),
  mailFrom: z.string(),
  subject: z.string(),
  refusal: z.string().meta({ description: 'too_big, not_a_report, malformed or wrong_schema' }),
  reason: z.string(),
  receivedAt: dateTime,
});

const dmarcSchema = z
  .object({
    domain: z.string(),
    days: z.number().int(),
    totals: z.object({ messages: z.number().int(), dmarcPass: z.number().int(), dmarcFail: z.number().int() }),
    sources: z.array(
      z.object({
        sourceIp: z.string(),
        reporters: z.array(z.string()),
        headerFroms: z.array(z.string()),
        messages: z.number().int(),
        dmarcPass: z.number().int(),
        dmarcFail: z.number().int(),
        dkimAlignedPass: z.number().int(),
        dkimAlignedFail: z.number().int(),
        spfAlignedPass: z.number().int(),
        spfAlignedFail: z.number().int(),
        dispositions: z.record(z.string(), z.number().int()),
      }),
    ),
    reports: z.array(receivedSchema),
    failures: z.array(failureSchema),
  })
  .meta({ id: 'DmarcReports' });

const tlsSchema = z
  .object({
    domain: z.string(),
    days: z.number().int(),
    totals: z.object({ successful: z.number().int(), failed: z.number().int() }),
    policies: z.array(
      z.object({
        reporter: z.string(),
        policyType: z.string(),
        policyDomain: z.string(),
        successful: z.number().int(),
        failed: z.number().int(),
        failures: z.record(z.string(), z.number().int()),
      }),
    ),
    reports: z.array(receivedSchema),
    failures: z.array(failureSchema),
  })
  .meta({ id: 'TlsReports' });

export const dmarcReportsOp = defineOperation({
  id: 'domainDmarcReports',
  method: 'GET',
  path: '/domains/{id}/reports/dmarc',
  tag: TAG,
  summary: 'DMARC aggregate reports received',
  description:
    'Figures of the DMARC aggregate reports received at dmarc-reports@ of the domain: per sending source (failing sources first), messages, aligned SPF/DKIM pass and fail, dispositions; the reports and the mails that could not be read.',
  access: 'admin',
  params: idParams,
  query: periodQuery,
  response: dmarcSchema,
  handler: ({ db, actor, params, query }) => dmarcReportSummary(db, actor, params.id, query.days),
});

export const tlsReportsOp = defineOperation({
  id: 'domainTlsReports',
  method: 'GET',
  path: '/domains/{id}/reports/tls',
  tag: TAG,
  summary: 'TLS reports received',
  description:
    'Figures of the SMTP TLS reports (RFC 8460) received at tls-reports@ of the domain: sessions that succeeded and failed per reporter and policy, failures by result type; the reports and the mails that could not be read.',
  access: 'admin',
  params: idParams,
  query: periodQuery,
  response: tlsSchema,
  handler: ({ db, actor, params, query }) => tlsReportSummary(db, actor, params.id, query.days),
});
