-- Outbound TLS sessions for the SMTP TLS reports Kontor sends (RFC 8460), and the reports sent (packages/db/src/tls-report-sending.ts).
CREATE TABLE "OutboundTlsSession" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "policyDomain" TEXT NOT NULL,
    "policyType" TEXT NOT NULL,
    "policyStrings" TEXT[],
    "mxHost" TEXT NOT NULL,
    "receivingIp" TEXT NOT NULL DEFAULT '',
    "result" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "OutboundTlsSession_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "OutboundTlsSession_at_idx" ON "OutboundTlsSession"("at");
CREATE INDEX "OutboundTlsSession_policyDomain_at_idx" ON "OutboundTlsSession"("policyDomain", "at");

CREATE TABLE "TlsReportSent" (
    "day" TEXT NOT NULL,
    "policyDomain" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "recipients" TEXT[],
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TlsReportSent_pkey" PRIMARY KEY ("day", "policyDomain")
);
