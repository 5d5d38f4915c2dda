-- Webmail: senders whose remote images and CSS a mailbox user always shows (packages/db/src/mailbox-trusted-senders.ts).
CREATE TABLE "MailboxTrustedSender" (
    "id" SERIAL NOT NULL,
    "mailboxId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MailboxTrustedSender_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "MailboxTrustedSender_mailboxId_address_key" ON "MailboxTrustedSender"("mailboxId", "address");
ALTER TABLE "MailboxTrustedSender" ADD CONSTRAINT "MailboxTrustedSender_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;
