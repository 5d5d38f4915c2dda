-- DMARC aggregate and TLS-RPT reports received at the hosted domains' report addresses (packages/db/src/reports.ts).
CREATE TABLE "DmarcReport" (
    "id" SERIAL NOT NULL,
    "domainId" INTEGER NOT NULL,
    "orgName" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "email" TEXT,
    "beginAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "policy" JSONB NOT NULL,
    "errors" TEXT[],
    "raw" BYTEA NOT NULL,
    "filename" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DmarcReport_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DmarcReport_domainId_orgName_reportId_key" ON "DmarcReport"("domainId", "orgName", "reportId");
CREATE INDEX "DmarcReport_domainId_endAt_idx" ON "DmarcReport"("domainId", "endAt");
ALTER TABLE "DmarcReport" ADD CONSTRAINT "DmarcReport_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "DmarcReportRecord" (
    "id" SERIAL NOT NULL,
    "reportId" INTEGER NOT NULL,
    "sourceIp" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "disposition" TEXT NOT NULL,
    "dkimAligned" BOOLEAN NOT NULL,
    "spfAligned" BOOLEAN NOT NULL,
    "headerFrom" TEXT NOT NULL,
    "envelopeFrom" TEXT,
    "details" JSONB NOT NULL,
    CONSTRAINT "DmarcReportRecord_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "DmarcReportRecord_reportId_idx" ON "DmarcReportRecord"("reportId");
ALTER TABLE "DmarcReportRecord" ADD CONSTRAINT "DmarcReportRecord_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "DmarcReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "TlsReport" (
    "id" SERIAL NOT NULL,
    "domainId" INTEGER NOT NULL,
    "orgName" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "contact" TEXT,
    "beginAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "raw" BYTEA NOT NULL,
    "filename" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TlsReport_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "TlsReport_domainId_orgName_reportId_key" ON "TlsReport"("domainId", "orgName", "reportId");
CREATE INDEX "TlsReport_domainId_endAt_idx" ON "TlsReport"("domainId", "endAt");
ALTER TABLE "TlsReport" ADD CONSTRAINT "TlsReport_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "TlsReportPolicy" (
    "id" SERIAL NOT NULL,
    "reportId" INTEGER NOT NULL,
    "policyType" TEXT NOT NULL,
    "policyDomain" TEXT NOT NULL,
    "mxHosts" TEXT[],
    "successful" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "failures" JSONB NOT NULL,
    CONSTRAINT "TlsReportPolicy_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "TlsReportPolicy_reportId_idx" ON "TlsReportPolicy"("reportId");
ALTER TABLE "TlsReportPolicy" ADD CONSTRAINT "TlsReportPolicy_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "TlsReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ReportFailure" (
    "id" SERIAL NOT NULL,
    "domainId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "mailFrom" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "refusal" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReportFailure_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ReportFailure_domainId_receivedAt_idx" ON "ReportFailure"("domainId", "receivedAt");
ALTER TABLE "ReportFailure" ADD CONSTRAINT "ReportFailure_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;
