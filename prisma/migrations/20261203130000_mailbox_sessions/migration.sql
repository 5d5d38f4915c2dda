-- Webmail sign-ins of mailbox users (packages/db/src/mailbox-sessions.ts).
CREATE TABLE "MailboxSession" (
    "id" TEXT NOT NULL,
    "mailboxId" INTEGER NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,
    "ip" TEXT,
    "userAgent" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "MailboxSession_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "MailboxSession_mailboxId_idx" ON "MailboxSession"("mailboxId");
ALTER TABLE "MailboxSession" ADD CONSTRAINT "MailboxSession_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;
