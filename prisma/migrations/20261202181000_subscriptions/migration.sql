-- IMAP subscriptions become names of their own (RFC 3501 §6.3.6): a
-- subscription outlives its folder and DELETE no longer removes it.
CREATE TABLE "Subscription" (
    "mailboxId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("mailboxId","name")
);

ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every folder subscribed until now keeps its subscription.
INSERT INTO "Subscription" ("mailboxId", "name") SELECT "mailboxId", "name" FROM "Folder" WHERE "subscribed";

ALTER TABLE "Folder" DROP COLUMN "subscribed";
