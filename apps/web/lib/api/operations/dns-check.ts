import { loadConfig } from '@kontor/core';
import { DNS_CHECK_STATUSES, DNS_RECORD_PURPOSES, describedDnsReport } from '@kontor/core/dns';
import { dnsCheckOptions, liveDnsCheck } from '@kontor/db/dns-checks';
import { z } from 'zod';
import { readOperation } from './row-operations.ts';

const issueSchema = z.object({
  code: z.string().meta({ description: 'What was found, e.g. spfNotAuthorised, dkimKeyDiffers, notPublished' }),
  values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  text: z.string().meta({ description: 'The finding in English' }),
});

const diffSchema = z
  .object({
    expected: z.array(z.object({ text: z.string(), changed: z.boolean() })),
    found: z.array(z.object({ text: z.string(), changed: z.boolean() })),
  })
  .meta({ description: 'Expected and published value in pieces; `changed` marks the pieces the other side lacks' });

const checkedRecordSchema = z
  .object({
    type: z.enum(['MX', 'TXT', 'CNAME', 'SRV', 'A', 'AAAA', 'PTR', 'TLSA']),
    name: z.string(),
    value: z.string().meta({ description: 'The value to publish (empty: any address of this server)' }),
    purpose: z.enum(DNS_RECORD_PURPOSES),
    optional: z.boolean().optional(),
    status: z.enum(DNS_CHECK_STATUSES).meta({ description: 'ok, missing, wrong, or error (DNS did not answer)' }),
    found: z.array(z.string()).meta({ description: 'The published values that matter for this record' }),
    issues: z.array(issueSchema),
    diff: diffSchema.optional(),
  })
  .meta({ id: 'DnsRecordCheck' });

const dnsCheckSchema = z
  .object({
    domain: z.string(),
    checkedAt: z.string(),
    ok: z.boolean().meta({ description: 'Every record that must be there is right, and the server is on no blocklist' }),
    records: z.array(checkedRecordSchema),
    server: z.object({
      hostname: z.string(),
      addresses: z.array(z.string()),
      addressSource: z.enum(['configured', 'dns', 'none']),
      records: z.array(checkedRecordSchema),
      blocklists: z.array(checkedRecordSchema),
      warnings: z.array(z.object({ code: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])), text: z.string() })),
    }),
  })
  .meta({ id: 'DnsCheck' });

export const checkDomainDnsOp = readOperation({
  id: 'checkDomainDns',
  path: '/domains/{id}/dns/check',
  tag: 'domains',
  summary: 'Check the DNS records now',
  description:
    "Every record of GET /domains/{id}/dns, and the server's own (SPF of MAIL_HOSTNAME, A/AAAA, PTR, TLSA, blocklists), looked up now with the resolvers of DNS_SERVERS: found, missing or wrong, with the findings and the difference marked.",
  response: dnsCheckSchema,
  read: async (db, actor, id) => describedDnsReport(await liveDnsCheck(db, actor, id, await dnsCheckOptions(db, loadConfig()))),
});
