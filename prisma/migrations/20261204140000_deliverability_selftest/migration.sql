-- Deliverability self-test runs (packages/db/src/selftests.ts, docs/dns.md Self-test).
CREATE TABLE "DeliverabilitySelftest" (
    "id" SERIAL NOT NULL,
    "domainId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "verdicts" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "DeliverabilitySelftest_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DeliverabilitySelftest_token_key" ON "DeliverabilitySelftest"("token");
CREATE INDEX "DeliverabilitySelftest_domainId_createdAt_idx" ON "DeliverabilitySelftest"("domainId", "createdAt");
ALTER TABLE "DeliverabilitySelftest" ADD CONSTRAINT "DeliverabilitySelftest_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;
