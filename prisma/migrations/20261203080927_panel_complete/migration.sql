-- AlterTable
ALTER TABLE "AdminAccount" ADD COLUMN     "locale" TEXT;

-- AlterTable
ALTER TABLE "Domain" ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'Europe/Berlin';

-- AlterTable
ALTER TABLE "Mailbox" ADD COLUMN     "forwardKeepCopy" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "forwardTo" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "MailboxLogin" (
    "mailboxId" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "ip" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "MailboxLogin_pkey" PRIMARY KEY ("mailboxId","protocol")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" SERIAL NOT NULL,
    "adminAccountId" INTEGER,
    "mailboxId" INTEGER,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServerSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServerSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "domainIds" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "senders" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdById" INTEGER,
    "lastUsedAt" TIMESTAMP(3),
    "lastUsedIp" TEXT,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecoveryCode_adminAccountId_idx" ON "RecoveryCode"("adminAccountId");

-- CreateIndex
CREATE INDEX "RecoveryCode_mailboxId_idx" ON "RecoveryCode"("mailboxId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "DeliveryLog_queueId_idx" ON "DeliveryLog"("queueId");

-- CreateIndex
CREATE INDEX "DeliveryLog_rcptTo_idx" ON "DeliveryLog"("rcptTo");

-- CreateIndex
CREATE INDEX "DeliveryLog_mailFrom_idx" ON "DeliveryLog"("mailFrom");

-- AddForeignKey
ALTER TABLE "MailboxLogin" ADD CONSTRAINT "MailboxLogin_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_adminAccountId_fkey" FOREIGN KEY ("adminAccountId") REFERENCES "AdminAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "AdminAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;
