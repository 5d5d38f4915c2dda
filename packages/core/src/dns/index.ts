// The live DNS check (docs/dns.md): `@kontor/core/dns`, apart from the main
// entry so that what does not check DNS does not load mailauth.
export { DNS_RECORD_PURPOSES, type DnsRecordHint, type DnsRecordPurpose } from '../dns-records.ts';
export * from './dane.ts';
export * from './issues.ts';
export * from './mta-sts-policy.ts';
export * from './names.ts';
export * from './record-check.ts';
export * from './report.ts';
export * from './resolver.ts';
export { checkBlocklist, checkPtr, tlsaRecordOf } from './server-checks.ts';
export * from './spf.ts';
export * from './tag-list.ts';
export * from './value-diff.ts';
