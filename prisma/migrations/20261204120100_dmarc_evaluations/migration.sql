-- DMARC evaluations of received mail, for the aggregate reports Kontor sends (packages/db/src/dmarc-evaluations.ts).
CREATE TABLE "DmarcEvaluation" (
    "id" SERIAL NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "policyDomain" TEXT NOT NULL,
    "headerFrom" TEXT NOT NULL,
    "envelopeFrom" TEXT NOT NULL,
    "sourceIp" TEXT NOT NULL,
    "dkimAligned" BOOLEAN NOT NULL,
    "spfAligned" BOOLEAN NOT NULL,
    "disposition" TEXT NOT NULL,
    "dkimResults" JSONB NOT NULL,
    "spfResults" JSONB NOT NULL,
    "policy" JSONB NOT NULL,
    "rua" TEXT[],
    CONSTRAINT "DmarcEvaluation_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "DmarcEvaluation_receivedAt_idx" ON "DmarcEvaluation"("receivedAt");
