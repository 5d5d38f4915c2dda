-- Webmail signatures, one per sender identity of a mailbox (packages/db/src/mailbox-signatures.ts).
CREATE TABLE "MailboxSignature" (
    "id" SERIAL NOT NULL,
    "mailboxId" INTEGER NOT NULL,
    "identity" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "MailboxSignature_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "MailboxSignature_mailboxId_identity_key" ON "MailboxSignature"("mailboxId", "identity");
ALTER TABLE "MailboxSignature" ADD CONSTRAINT "MailboxSignature_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;
