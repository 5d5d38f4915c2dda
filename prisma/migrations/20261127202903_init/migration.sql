-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AdminRole" AS ENUM ('SUPERADMIN', 'DOMAIN_ADMIN');

-- CreateEnum
CREATE TYPE "MailDirection" AS ENUM ('INBOUND', 'OUTBOUND');

-- CreateEnum
CREATE TYPE "DnsCheckStatus" AS ENUM ('OK', 'MISSING', 'MISMATCH', 'ERROR');

-- CreateTable
CREATE TABLE "Domain" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "unicodeName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "defaultQuotaBytes" BIGINT NOT NULL DEFAULT 1073741824,
    "maxMailboxes" INTEGER NOT NULL DEFAULT 0,
    "dkimSelector" TEXT NOT NULL DEFAULT 'kontor',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DkimKey" (
    "id" SERIAL NOT NULL,
    "domainId" INTEGER NOT NULL,
    "selector" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL DEFAULT 'rsa-sha256',
    "privateKeyEncrypted" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "DkimKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mailbox" (
    "id" SERIAL NOT NULL,
    "domainId" INTEGER NOT NULL,
    "localPart" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "quotaBytes" BIGINT NOT NULL DEFAULT 0,
    "usedBytes" BIGINT NOT NULL DEFAULT 0,
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "saveSentCopy" BOOLEAN NOT NULL DEFAULT false,
    "sendLimitPerHour" INTEGER,
    "sendLimitPerDay" INTEGER,
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Mailbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alias" (
    "id" SERIAL NOT NULL,
    "domainId" INTEGER NOT NULL,
    "localPart" TEXT NOT NULL,
    "destinations" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Alias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Autoresponder" (
    "id" SERIAL NOT NULL,
    "mailboxId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "intervalDays" INTEGER NOT NULL DEFAULT 4,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Autoresponder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutoresponderReply" (
    "id" SERIAL NOT NULL,
    "autoresponderId" INTEGER NOT NULL,
    "sender" TEXT NOT NULL,
    "repliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AutoresponderReply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdminAccount" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "role" "AdminRole" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AdminAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DomainAdmin" (
    "adminId" INTEGER NOT NULL,
    "domainId" INTEGER NOT NULL,

    CONSTRAINT "DomainAdmin_pkey" PRIMARY KEY ("adminId","domainId")
);

-- CreateTable
CREATE TABLE "AppPassword" (
    "id" SERIAL NOT NULL,
    "mailboxId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppPassword_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TotpSecret" (
    "id" SERIAL NOT NULL,
    "mailboxId" INTEGER,
    "adminAccountId" INTEGER,
    "secretEncrypted" TEXT NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TotpSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "domainId" INTEGER,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Folder" (
    "id" SERIAL NOT NULL,
    "mailboxId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "specialUse" TEXT,
    "uidValidity" SERIAL NOT NULL,
    "uidNext" BIGINT NOT NULL DEFAULT 1,
    "highestModseq" BIGINT NOT NULL DEFAULT 1,
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "unseenCount" INTEGER NOT NULL DEFAULT 0,
    "subscribed" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Folder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" BIGSERIAL NOT NULL,
    "folderId" INTEGER NOT NULL,
    "mailboxId" INTEGER NOT NULL,
    "uid" BIGINT NOT NULL,
    "modseq" BIGINT NOT NULL,
    "flags" TEXT[],
    "internalDate" TIMESTAMP(3) NOT NULL,
    "size" INTEGER NOT NULL,
    "blobHash" TEXT NOT NULL,
    "envelope" JSONB NOT NULL,
    "bodyStructure" JSONB NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "fromAddress" TEXT NOT NULL DEFAULT '',
    "toAddress" TEXT NOT NULL DEFAULT '',
    "ccAddress" TEXT NOT NULL DEFAULT '',
    "bccAddress" TEXT NOT NULL DEFAULT '',
    "messageIdHdr" TEXT NOT NULL DEFAULT '',
    "inReplyTo" TEXT NOT NULL DEFAULT '',
    "sentDate" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpungedMessage" (
    "id" BIGSERIAL NOT NULL,
    "folderId" INTEGER NOT NULL,
    "uid" BIGINT NOT NULL,
    "modseq" BIGINT NOT NULL,

    CONSTRAINT "ExpungedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Blob" (
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "refCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Blob_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "DeliveryLog" (
    "id" BIGSERIAL NOT NULL,
    "messageId" TEXT NOT NULL DEFAULT '',
    "queueId" TEXT NOT NULL DEFAULT '',
    "direction" "MailDirection" NOT NULL,
    "mailFrom" TEXT NOT NULL,
    "rcptTo" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "remoteHost" TEXT NOT NULL DEFAULT '',
    "remoteResponse" TEXT NOT NULL DEFAULT '',
    "verdicts" JSONB,
    "domainId" INTEGER,
    "mailboxId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeliveryLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DnsCheck" (
    "id" SERIAL NOT NULL,
    "domainId" INTEGER NOT NULL,
    "record" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "expected" TEXT NOT NULL,
    "found" TEXT NOT NULL DEFAULT '',
    "status" "DnsCheckStatus" NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DnsCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Domain_name_key" ON "Domain"("name");

-- CreateIndex
CREATE UNIQUE INDEX "DkimKey_domainId_selector_key" ON "DkimKey"("domainId", "selector");

-- CreateIndex
CREATE UNIQUE INDEX "Mailbox_domainId_localPart_key" ON "Mailbox"("domainId", "localPart");

-- CreateIndex
CREATE UNIQUE INDEX "Alias_domainId_localPart_key" ON "Alias"("domainId", "localPart");

-- CreateIndex
CREATE UNIQUE INDEX "Autoresponder_mailboxId_key" ON "Autoresponder"("mailboxId");

-- CreateIndex
CREATE UNIQUE INDEX "AutoresponderReply_autoresponderId_sender_key" ON "AutoresponderReply"("autoresponderId", "sender");

-- CreateIndex
CREATE UNIQUE INDEX "AdminAccount_email_key" ON "AdminAccount"("email");

-- CreateIndex
CREATE INDEX "DomainAdmin_domainId_idx" ON "DomainAdmin"("domainId");

-- CreateIndex
CREATE INDEX "AppPassword_mailboxId_idx" ON "AppPassword"("mailboxId");

-- CreateIndex
CREATE UNIQUE INDEX "TotpSecret_mailboxId_key" ON "TotpSecret"("mailboxId");

-- CreateIndex
CREATE UNIQUE INDEX "TotpSecret_adminAccountId_key" ON "TotpSecret"("adminAccountId");

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_domainId_createdAt_idx" ON "AuditLog"("domainId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Folder_mailboxId_name_key" ON "Folder"("mailboxId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Folder_uidValidity_key" ON "Folder"("uidValidity");

-- CreateIndex
CREATE INDEX "Message_folderId_modseq_idx" ON "Message"("folderId", "modseq");

-- CreateIndex
CREATE INDEX "Message_mailboxId_idx" ON "Message"("mailboxId");

-- CreateIndex
CREATE INDEX "Message_blobHash_idx" ON "Message"("blobHash");

-- CreateIndex
CREATE UNIQUE INDEX "Message_folderId_uid_key" ON "Message"("folderId", "uid");

-- CreateIndex
CREATE INDEX "ExpungedMessage_folderId_modseq_idx" ON "ExpungedMessage"("folderId", "modseq");

-- CreateIndex
CREATE INDEX "Blob_refCount_idx" ON "Blob"("refCount");

-- CreateIndex
CREATE INDEX "DeliveryLog_createdAt_idx" ON "DeliveryLog"("createdAt");

-- CreateIndex
CREATE INDEX "DeliveryLog_domainId_createdAt_idx" ON "DeliveryLog"("domainId", "createdAt");

-- CreateIndex
CREATE INDEX "DeliveryLog_messageId_idx" ON "DeliveryLog"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "DnsCheck_domainId_record_name_key" ON "DnsCheck"("domainId", "record", "name");

-- AddForeignKey
ALTER TABLE "DkimKey" ADD CONSTRAINT "DkimKey_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mailbox" ADD CONSTRAINT "Mailbox_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alias" ADD CONSTRAINT "Alias_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Autoresponder" ADD CONSTRAINT "Autoresponder_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutoresponderReply" ADD CONSTRAINT "AutoresponderReply_autoresponderId_fkey" FOREIGN KEY ("autoresponderId") REFERENCES "Autoresponder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DomainAdmin" ADD CONSTRAINT "DomainAdmin_adminId_fkey" FOREIGN KEY ("adminId") REFERENCES "AdminAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DomainAdmin" ADD CONSTRAINT "DomainAdmin_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppPassword" ADD CONSTRAINT "AppPassword_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TotpSecret" ADD CONSTRAINT "TotpSecret_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TotpSecret" ADD CONSTRAINT "TotpSecret_adminAccountId_fkey" FOREIGN KEY ("adminAccountId") REFERENCES "AdminAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Folder" ADD CONSTRAINT "Folder_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_folderId_fkey" FOREIGN KEY ("folderId") REFERENCES "Folder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_blobHash_fkey" FOREIGN KEY ("blobHash") REFERENCES "Blob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpungedMessage" ADD CONSTRAINT "ExpungedMessage_folderId_fkey" FOREIGN KEY ("folderId") REFERENCES "Folder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DnsCheck" ADD CONSTRAINT "DnsCheck_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;
