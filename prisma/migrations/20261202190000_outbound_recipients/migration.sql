-- CreateEnum
CREATE TYPE "OutboundRecipientState" AS ENUM ('queued', 'deferred', 'delivered', 'bounced', 'cancelled');

-- CreateTable
CREATE TABLE "OutboundRecipient" (
    "id" BIGSERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "queueId" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "state" "OutboundRecipientState" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastReply" TEXT NOT NULL DEFAULT '',
    "remoteHost" TEXT NOT NULL DEFAULT '',
    "nextAttemptAt" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "cancelMode" TEXT,
    "claimToken" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "reportedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboundRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundAttempt" (
    "id" BIGSERIAL NOT NULL,
    "recipientId" BIGINT NOT NULL,
    "claimToken" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "result" TEXT,
    "reply" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "OutboundAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OutboundRecipient_queueId_idx" ON "OutboundRecipient"("queueId");

-- CreateIndex
CREATE INDEX "OutboundRecipient_state_idx" ON "OutboundRecipient"("state");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundRecipient_jobId_recipient_key" ON "OutboundRecipient"("jobId", "recipient");

-- CreateIndex
CREATE INDEX "OutboundAttempt_recipientId_idx" ON "OutboundAttempt"("recipientId");

-- AddForeignKey
ALTER TABLE "OutboundAttempt" ADD CONSTRAINT "OutboundAttempt_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "OutboundRecipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;
