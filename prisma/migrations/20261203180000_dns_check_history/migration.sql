-- The live DNS check and its drift watch (docs/dns.md).
-- A domain's MTA-STS mode: the policy served at mta-sts.<domain> (RFC 8461 §5).
ALTER TABLE "Domain" ADD COLUMN "mtaStsMode" TEXT NOT NULL DEFAULT 'testing';
ALTER TABLE "Domain" ADD CONSTRAINT "Domain_mtaStsMode_check" CHECK ("mtaStsMode" IN ('none', 'testing', 'enforce'));

-- DnsCheck becomes a history: one row per record and result, kept while the
-- result stays the same (lastCheckedAt moves on), a new row when it changes.
-- Rows without a domain are the server's own records (A/AAAA, PTR, SPF of
-- MAIL_HOSTNAME, TLSA, blocklists).
DROP INDEX "DnsCheck_domainId_record_name_key";
ALTER TABLE "DnsCheck" ALTER COLUMN "domainId" DROP NOT NULL;
ALTER TABLE "DnsCheck" ADD COLUMN "type" TEXT NOT NULL DEFAULT '';
ALTER TABLE "DnsCheck" ADD COLUMN "detail" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "DnsCheck" ADD COLUMN "alert" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "DnsCheck" ADD COLUMN "lastCheckedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE INDEX "DnsCheck_domainId_record_name_checkedAt_idx" ON "DnsCheck"("domainId", "record", "name", "checkedAt");
